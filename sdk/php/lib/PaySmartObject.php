<?php

namespace PaySmart;

use PaySmart\Util\Util;

/**
 * PaySmartObject is an object of the API as it answered it: read its fields
 * as properties ($payment->amount) or as array entries ($payment['amount']).
 * A field the answer does not have reads as null. Nested objects are
 * PaySmartObjects too (or their resource class), lists are PHP arrays.
 */
class PaySmartObject implements \ArrayAccess, \Countable, \IteratorAggregate, \JsonSerializable
{
    /** @var array<string, mixed> */
    protected $_values = [];

    /** @var null|ApiResponse */
    protected $_lastResponse;

    /**
     * @param null|array|string $id an id, or the object's fields
     */
    public function __construct($id = null)
    {
        if (\is_array($id)) {
            foreach ($id as $k => $v) {
                $this->_values[$k] = $v;
            }
        } elseif (null !== $id) {
            $this->_values['id'] = $id;
        }
    }

    /**
     * constructFrom builds an object from decoded JSON (json_decode without
     * $assoc) or an associative array.
     *
     * @param array|\stdClass $values
     * @param null|ApiResponse $response the answer it came from
     *
     * @return static
     */
    public static function constructFrom($values, $response = null)
    {
        $obj = new static();
        foreach ((array) $values as $k => $v) {
            $obj->_values[$k] = \is_array($v) && !\array_is_list($v)
                ? Util::convertToPaySmartObject((object) $v)
                : Util::convertToPaySmartObject($v);
        }
        $obj->_lastResponse = $response;

        return $obj;
    }

    public function __get($k)
    {
        return \array_key_exists($k, $this->_values) ? $this->_values[$k] : null;
    }

    public function __set($k, $v)
    {
        $this->_values[$k] = $v;
    }

    public function __isset($k)
    {
        return isset($this->_values[$k]);
    }

    public function __unset($k)
    {
        unset($this->_values[$k]);
    }

    #[\ReturnTypeWillChange]
    public function offsetGet($k)
    {
        return $this->__get($k);
    }

    #[\ReturnTypeWillChange]
    public function offsetSet($k, $v)
    {
        if (null === $k) {
            throw new Exception\InvalidArgumentException('A PaySmartObject field needs a name.');
        }
        $this->__set($k, $v);
    }

    #[\ReturnTypeWillChange]
    public function offsetExists($k)
    {
        return \array_key_exists($k, $this->_values);
    }

    #[\ReturnTypeWillChange]
    public function offsetUnset($k)
    {
        unset($this->_values[$k]);
    }

    #[\ReturnTypeWillChange]
    public function count()
    {
        return \count($this->_values);
    }

    #[\ReturnTypeWillChange]
    public function getIterator()
    {
        return new \ArrayIterator($this->_values);
    }

    /** @return string[] the names of the object's fields */
    public function keys()
    {
        return \array_keys($this->_values);
    }

    /**
     * toArray returns the object as nested associative arrays.
     *
     * @return array
     */
    public function toArray()
    {
        $convert = static function ($v) use (&$convert) {
            if ($v instanceof PaySmartObject) {
                return $v->toArray();
            }
            if (\is_array($v)) {
                return \array_map($convert, $v);
            }

            return $v;
        };

        return \array_map($convert, $this->_values);
    }

    #[\ReturnTypeWillChange]
    public function jsonSerialize()
    {
        return [] === $this->_values ? new \stdClass() : $this->_values;
    }

    /** @return string the object as pretty-printed JSON */
    public function toJSON()
    {
        return \json_encode($this, \JSON_PRETTY_PRINT | \JSON_UNESCAPED_SLASHES | \JSON_UNESCAPED_UNICODE);
    }

    public function __toString()
    {
        return static::class . ' JSON: ' . $this->toJSON();
    }

    /** @return null|ApiResponse the HTTP answer this object came from */
    public function getLastResponse()
    {
        return $this->_lastResponse;
    }
}
