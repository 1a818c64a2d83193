<?php

namespace PaySmart\Util;

use PaySmart\Exception\InvalidArgumentException;

/**
 * RequestOptions are the per-request options every method takes last:
 * ['idempotency_key' => ..., 'api_key' => ..., 'api_base' => ...], or a
 * string, which is an API key.
 */
class RequestOptions
{
    const KEYS = ['api_key', 'idempotency_key', 'api_base'];

    /** @var null|string an API key for this request only */
    public $apiKey;

    /** @var null|string the Idempotency-Key of a POST or DELETE (default: a new UUID per call) */
    public $idempotencyKey;

    /** @var null|string a base URL for this request only */
    public $apiBase;

    /**
     * parse reads the options a method was given.
     *
     * @param null|array|RequestOptions|string $opts
     *
     * @throws InvalidArgumentException for an unknown option
     *
     * @return RequestOptions
     */
    public static function parse($opts)
    {
        if ($opts instanceof self) {
            return $opts;
        }
        $o = new self();
        if (null === $opts) {
            return $o;
        }
        if (\is_string($opts)) {
            $o->apiKey = $opts;

            return $o;
        }
        if (!\is_array($opts)) {
            throw new InvalidArgumentException('Request options must be an array, an API key or null.');
        }
        $unknown = \array_diff(\array_keys($opts), self::KEYS);
        if ($unknown) {
            throw new InvalidArgumentException('Unknown request option(s): ' . \implode(', ', $unknown)
                . ' (known: ' . \implode(', ', self::KEYS) . ').');
        }
        $o->apiKey = $opts['api_key'] ?? null;
        $o->idempotencyKey = $opts['idempotency_key'] ?? null;
        $o->apiBase = $opts['api_base'] ?? null;

        return $o;
    }
}
