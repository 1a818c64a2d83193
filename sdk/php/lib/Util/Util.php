<?php

namespace PaySmart\Util;

use PaySmart\PaySmartObject;

/**
 * Util turns API answers into objects and parameters into the wire format.
 */
abstract class Util
{
    /**
     * LIST_PARAMS are the parameters that are JSON arrays: an empty PHP
     * array is sent as [] for them, and as {} for every other parameter.
     */
    const LIST_PARAMS = ['enabled_events', 'expand'];

    /**
     * convertToPaySmartObject turns a decoded JSON value (json_decode without
     * $assoc) into objects: a JSON object becomes the resource class its
     * "object" field names (Payment, Customer, Collection...) or a plain
     * PaySmartObject; an array is converted item by item.
     *
     * @param mixed $value
     * @param null|\PaySmart\ApiResponse $response the answer it came from
     *
     * @return mixed
     */
    public static function convertToPaySmartObject($value, $response = null)
    {
        if ($value instanceof \stdClass) {
            $class = PaySmartObject::class;
            if (isset($value->object) && \is_string($value->object)) {
                $class = ObjectTypes::CLASS_BY_OBJECT[$value->object] ?? PaySmartObject::class;
            }

            return $class::constructFrom($value, $response);
        }
        if (\is_array($value)) {
            return \array_map(static function ($v) {
                return self::convertToPaySmartObject($v);
            }, $value);
        }

        return $value;
    }

    /**
     * encodeJson encodes request parameters as a JSON object. An empty array
     * is an object ({}), except under the keys of LIST_PARAMS.
     *
     * @param null|array $params
     *
     * @return string
     */
    public static function encodeJson($params)
    {
        return \json_encode(self::prepareJson($params ?? [], null),
            \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE | \JSON_PRESERVE_ZERO_FRACTION | \JSON_THROW_ON_ERROR);
    }

    /**
     * @param mixed $value
     * @param null|int|string $key the parameter's name
     *
     * @return mixed
     */
    private static function prepareJson($value, $key)
    {
        if ($value instanceof PaySmartObject) {
            $value = $value->toArray();
        }
        if (!\is_array($value)) {
            return $value;
        }
        if ([] === $value) {
            return \in_array($key, self::LIST_PARAMS, true) ? [] : new \stdClass();
        }
        $out = [];
        foreach ($value as $k => $v) {
            $out[$k] = self::prepareJson($v, $k);
        }

        return $out;
    }

    /**
     * encodeQuery encodes parameters as a query string in bracket notation:
     * ['created' => ['gte' => 1]] is created[gte]=1, ['expand' => ['customer']]
     * is expand[]=customer; booleans are true and false; nulls are left out.
     *
     * @param null|array $params
     *
     * @return string
     */
    public static function encodeQuery($params)
    {
        $pairs = [];
        self::flattenQuery($params ?? [], null, $pairs);

        return \implode('&', $pairs);
    }

    /**
     * @param array $params
     * @param null|string $prefix
     * @param string[] $pairs
     */
    private static function flattenQuery($params, $prefix, &$pairs)
    {
        $isList = \array_is_list($params);
        foreach ($params as $k => $v) {
            if (null === $prefix) {
                $name = self::escapeQuery((string) $k);
            } else {
                $name = $prefix . ($isList ? '[]' : '[' . self::escapeQuery((string) $k) . ']');
            }
            if ($v instanceof PaySmartObject) {
                $v = $v->toArray();
            }
            if (\is_array($v)) {
                self::flattenQuery($v, $name, $pairs);
            } elseif (null !== $v) {
                if (\is_bool($v)) {
                    $v = $v ? 'true' : 'false';
                }
                $pairs[] = $name . '=' . self::escapeQuery((string) $v);
            }
        }
    }

    /**
     * @param string $s
     *
     * @return string
     */
    private static function escapeQuery($s)
    {
        // Brackets stay readable (the server decodes either form).
        return \str_replace(['%5B', '%5D'], ['[', ']'], \rawurlencode($s));
    }

    /**
     * newIdempotencyKey returns a random UUID (version 4).
     *
     * @return string
     */
    public static function newIdempotencyKey()
    {
        $b = \random_bytes(16);
        $b[6] = \chr((\ord($b[6]) & 0x0F) | 0x40);
        $b[8] = \chr((\ord($b[8]) & 0x3F) | 0x80);

        return \vsprintf('%s%s-%s-%s-%s-%s%s%s', \str_split(\bin2hex($b), 4));
    }
}
