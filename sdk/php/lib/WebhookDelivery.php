<?php

namespace PaySmart;

/**
 * WebhookDelivery is one attempt to deliver an event (Event::allDeliveries).
 *
 * @property string $id
 * @property string $event
 * @property string $endpoint
 * @property int $attempt
 * @property null|int $status_code
 * @property null|string $error
 * @property int $duration_ms
 * @property bool $livemode
 * @property int $created
 * @property null|int $next_retry_at
 */
class WebhookDelivery extends PaySmartObject
{
    const OBJECT_NAME = 'webhook_delivery';
}
