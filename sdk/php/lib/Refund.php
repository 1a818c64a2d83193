<?php

namespace PaySmart;

/**
 * Refund is a refund of a payment: pending until the processor answers,
 * then succeeded or failed (with ->failure_reason).
 *
 * @property string $id
 * @property int $amount
 * @property string $currency
 * @property Payment|string $payment
 * @property null|string $reason
 * @property string $status
 * @property null|string $failure_reason
 * @property PaySmartObject $metadata
 * @property bool $livemode
 * @property int $created
 */
class Refund extends ApiResource
{
    const OBJECT_NAME = 'refund';
    const SERVICE = 'refunds';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Retrieve;
}
