<?php

namespace PaySmart;

/**
 * Payment is a card payment. ->status is processing, requires_action,
 * requires_capture, succeeded, failed or canceled; ->amount is in the
 * currency's minor unit (2000 is $20.00).
 *
 * @property string $id
 * @property int $amount
 * @property int $amount_captured
 * @property int $amount_refunded
 * @property string $currency
 * @property string $status
 * @property string $capture_method
 * @property null|PaySmartObject $payment_method ->id, ->type, ->card (brand, last4, exp_month, exp_year)
 * @property null|Customer|string $customer
 * @property null|string $description
 * @property PaySmartObject $metadata
 * @property null|string $receipt_email
 * @property null|string $receipt_number
 * @property string $receipt_url
 * @property null|string $failure_code
 * @property null|string $failure_message
 * @property null|PaySmartObject $next_action
 * @property bool $refunded
 * @property null|string $subscription
 * @property bool $livemode
 * @property int $created
 */
class Payment extends ApiResource
{
    const OBJECT_NAME = 'payment';
    const SERVICE = 'payments';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Retrieve;
    use ApiOperations\Update;

    const STATUS_PROCESSING = 'processing';
    const STATUS_REQUIRES_ACTION = 'requires_action';
    const STATUS_REQUIRES_CAPTURE = 'requires_capture';
    const STATUS_SUCCEEDED = 'succeeded';
    const STATUS_FAILED = 'failed';
    const STATUS_CANCELED = 'canceled';

    /**
     * capture captures an authorised payment (created with 'capture' =>
     * false), all of it or ['amount' => ...].
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @throws Exception\ApiErrorException
     *
     * @return Payment
     */
    public static function capture($id, $params = null, $opts = null)
    {
        return static::service()->capture($id, $params, $opts);
    }

    /**
     * cancel releases an authorised payment (requires_capture) or ends the 3-D Secure wait of one in requires_action.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @throws Exception\ApiErrorException
     *
     * @return Payment
     */
    public static function cancel($id, $params = null, $opts = null)
    {
        return static::service()->cancel($id, $params, $opts);
    }
}
