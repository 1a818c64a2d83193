<?php

namespace PaySmart\Util;

/**
 * ObjectTypes maps the "object" field of an API object to its class.
 */
abstract class ObjectTypes
{
    const CLASS_BY_OBJECT = [
        \PaySmart\Collection::OBJECT_NAME => \PaySmart\Collection::class,
        \PaySmart\Customer::OBJECT_NAME => \PaySmart\Customer::class,
        \PaySmart\Event::OBJECT_NAME => \PaySmart\Event::class,
        \PaySmart\Payment::OBJECT_NAME => \PaySmart\Payment::class,
        \PaySmart\PaymentMethod::OBJECT_NAME => \PaySmart\PaymentMethod::class,
        \PaySmart\Refund::OBJECT_NAME => \PaySmart\Refund::class,
        \PaySmart\Subscription::OBJECT_NAME => \PaySmart\Subscription::class,
        \PaySmart\TestClock::OBJECT_NAME => \PaySmart\TestClock::class,
        \PaySmart\WebhookDelivery::OBJECT_NAME => \PaySmart\WebhookDelivery::class,
        \PaySmart\WebhookEndpoint::OBJECT_NAME => \PaySmart\WebhookEndpoint::class,
    ];
}
