<?php

namespace PaySmart\ApiOperations;

/**
 * All gives a resource a static all(): a page of the list, with
 * ->autoPagingIterator() to walk every page.
 */
trait All
{
    /**
     * @param null|array $params limit (1-100), starting_after, ending_before, created, filters
     * @param null|array|string $opts per-request options
     *
     * @throws \PaySmart\Exception\ApiErrorException
     *
     * @return \PaySmart\Collection
     */
    public static function all($params = null, $opts = null)
    {
        return static::service()->all($params, $opts);
    }
}
