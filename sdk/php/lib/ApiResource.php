<?php

namespace PaySmart;

/**
 * ApiResource is an object the API stores under an id, with static methods
 * that call the API with the global configuration (PaySmart::setApiKey...).
 * Each resource names the PaySmartClient service its static methods use.
 */
abstract class ApiResource extends PaySmartObject
{
    /** OBJECT_NAME is the resource's "object" field. */
    const OBJECT_NAME = '';

    /** SERVICE is the PaySmartClient property of the resource's service. */
    const SERVICE = '';

    /**
     * service returns the resource's service on a client built from the
     * global configuration.
     *
     * @return Service\AbstractService
     */
    protected static function service()
    {
        return PaySmartClient::fromGlobals()->{static::SERVICE};
    }

    /**
     * splitIdParams accepts an id, or an array with 'id' and the other
     * parameters (as Stripe's retrieve(['id' => ..., 'expand' => [...]])).
     *
     * @param array|string $id
     *
     * @return array [string $id, null|array $params]
     */
    protected static function splitIdParams($id)
    {
        if (\is_array($id)) {
            $params = $id;
            $id = $params['id'] ?? null;
            unset($params['id']);

            return [$id, $params ?: null];
        }

        return [$id, null];
    }
}
