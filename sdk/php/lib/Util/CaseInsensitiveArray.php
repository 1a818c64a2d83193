<?php

namespace PaySmart\Util;

/**
 * CaseInsensitiveArray holds HTTP headers: $headers['request-id'] and
 * $headers['Request-Id'] are the same entry. A missing entry reads as null.
 */
class CaseInsensitiveArray implements \ArrayAccess, \Countable, \IteratorAggregate
{
    /** @var array<string, mixed> keyed by the lower-cased name */
    private $container = [];

    /** @param array<string, mixed> $initial */
    public function __construct($initial = [])
    {
        foreach ($initial as $k => $v) {
            $this->container[\strtolower((string) $k)] = $v;
        }
    }

    #[\ReturnTypeWillChange]
    public function offsetSet($offset, $value)
    {
        if (null === $offset) {
            $this->container[] = $value;
        } else {
            $this->container[\strtolower((string) $offset)] = $value;
        }
    }

    #[\ReturnTypeWillChange]
    public function offsetExists($offset)
    {
        return isset($this->container[\strtolower((string) $offset)]);
    }

    #[\ReturnTypeWillChange]
    public function offsetUnset($offset)
    {
        unset($this->container[\strtolower((string) $offset)]);
    }

    #[\ReturnTypeWillChange]
    public function offsetGet($offset)
    {
        $offset = \strtolower((string) $offset);

        return isset($this->container[$offset]) ? $this->container[$offset] : null;
    }

    #[\ReturnTypeWillChange]
    public function count()
    {
        return \count($this->container);
    }

    #[\ReturnTypeWillChange]
    public function getIterator()
    {
        return new \ArrayIterator($this->container);
    }

    /** @return array<string, mixed> the headers, keyed by lower-cased name */
    public function toArray()
    {
        return $this->container;
    }
}
