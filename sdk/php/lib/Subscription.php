<?php

namespace PaySmart;

/**
 * Subscription charges a customer's saved card every ->interval (week,
 * month, quarter or year). ->status is active, past_due, canceled or
 * completed; times are Unix seconds.
 *
 * @property string $id
 * @property null|string $customer
 * @property string $payment_method
 * @property int $amount
 * @property null|int $initial_amount
 * @property string $currency
 * @property string $interval
 * @property int $start_date
 * @property string $time_zone
 * @property string $status
 * @property int $current_period_start
 * @property int $current_period_end
 * @property int $payments_made
 * @property null|int $total_payments
 * @property null|int $next_payment_attempt
 * @property int $attempt_count
 * @property null|string $latest_payment
 * @property null|string $test_clock
 * @property PaySmartObject $metadata
 * @property null|int $canceled_at
 * @property null|int $ended_at
 * @property bool $livemode
 * @property int $created
 */
class Subscription extends ApiResource
{
    const OBJECT_NAME = 'subscription';
    const SERVICE = 'subscriptions';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Retrieve;
    use ApiOperations\Update;

    /**
     * cancel cancels a subscription: nothing more is charged.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return Subscription
     */
    public static function cancel($id, $params = null, $opts = null)
    {
        return static::service()->cancel($id, $params, $opts);
    }
}
