<?php

namespace PaySmart\ApiOperations;

/**
 * Update gives a resource a static update().
 */
trait Update
{
    /**
     * @param string $id
     * @param null|array $params the fields to change
     * @param null|array|string $opts per-request options
     *
     * @throws \PaySmart\Exception\ApiErrorException
     *
     * @return static
     */
    public static function update($id, $params = null, $opts = null)
    {
        return static::service()->update($id, $params, $opts);
    }
}
