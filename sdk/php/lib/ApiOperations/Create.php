<?php

namespace PaySmart\ApiOperations;

/**
 * Create gives a resource a static create().
 */
trait Create
{
    /**
     * @param null|array $params
     * @param null|array|string $opts per-request options (idempotency_key, api_key)
     *
     * @throws \PaySmart\Exception\ApiErrorException
     *
     * @return static
     */
    public static function create($params = null, $opts = null)
    {
        return static::service()->create($params, $opts);
    }
}
