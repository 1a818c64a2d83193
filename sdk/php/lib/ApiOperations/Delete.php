<?php

namespace PaySmart\ApiOperations;

/**
 * Delete gives a resource a static delete(); the answer has ->deleted true.
 */
trait Delete
{
    /**
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts per-request options
     *
     * @throws \PaySmart\Exception\ApiErrorException
     *
     * @return static
     */
    public static function delete($id, $params = null, $opts = null)
    {
        return static::service()->delete($id, $params, $opts);
    }
}
