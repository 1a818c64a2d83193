<?php

namespace PaySmart;

/**
 * Event records a change: ->type (payment.succeeded...) and
 * ->data->object, the object as it was then (a Payment, a Refund...).
 *
 * @property string $id
 * @property string $type
 * @property int $created
 * @property bool $livemode
 * @property PaySmartObject $data
 */
class Event extends ApiResource
{
    const OBJECT_NAME = 'event';
    const SERVICE = 'events';

    use ApiOperations\All;
    use ApiOperations\Retrieve;

    const PAYMENT_SUCCEEDED = 'payment.succeeded';
    const PAYMENT_FAILED = 'payment.failed';
    const PAYMENT_CAPTURED = 'payment.captured';
    const PAYMENT_CANCELED = 'payment.canceled';
    const PAYMENT_DISPUTED = 'payment.disputed';
    const PAYMENT_REQUIRES_ACTION = 'payment.requires_action';
    const REFUND_CREATED = 'refund.created';
    const REFUND_FAILED = 'refund.failed';
    const CUSTOMER_CREATED = 'customer.created';
    const CUSTOMER_UPDATED = 'customer.updated';
    const CUSTOMER_DELETED = 'customer.deleted';
    const WEBHOOK_ENDPOINT_DISABLED = 'webhook_endpoint.disabled';
    const SUBSCRIPTION_CREATED = 'subscription.created';
    const SUBSCRIPTION_UPDATED = 'subscription.updated';
    const SUBSCRIPTION_PAYMENT_SUCCEEDED = 'subscription.payment_succeeded';
    const SUBSCRIPTION_PAYMENT_FAILED = 'subscription.payment_failed';
    const SUBSCRIPTION_CANCELED = 'subscription.canceled';
    const SUBSCRIPTION_COMPLETED = 'subscription.completed';
    const TEST_CLOCK_READY = 'test_helpers.test_clock.ready';

    /**
     * allDeliveries lists the attempts to deliver an event, newest first.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return Collection<WebhookDelivery>
     */
    public static function allDeliveries($id, $params = null, $opts = null)
    {
        return static::service()->allDeliveries($id, $params, $opts);
    }

    /**
     * retry delivers an event again now to every enabled endpoint that subscribes to it.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return Event
     */
    public static function retry($id, $params = null, $opts = null)
    {
        return static::service()->retry($id, $params, $opts);
    }
}
