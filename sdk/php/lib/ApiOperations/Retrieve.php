<?php

namespace PaySmart\ApiOperations;

/**
 * Retrieve gives a resource a static retrieve().
 */
trait Retrieve
{
    /**
     * @param array|string $id the id, or ['id' => ..., 'expand' => [...]]
     * @param null|array|string $opts per-request options
     *
     * @throws \PaySmart\Exception\ApiErrorException
     *
     * @return static
     */
    public static function retrieve($id, $opts = null)
    {
        list($id, $params) = static::splitIdParams($id);

        return static::service()->retrieve($id, $params, $opts);
    }
}
