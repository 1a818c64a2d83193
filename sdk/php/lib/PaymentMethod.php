<?php

namespace PaySmart;

/**
 * PaymentMethod is a tokenised card.
 *
 * @property string $id
 * @property string $type
 * @property PaySmartObject $card brand, last4, exp_month, exp_year, fingerprint
 * @property null|string $customer
 * @property bool $livemode
 * @property int $created
 */
class PaymentMethod extends ApiResource
{
    const OBJECT_NAME = 'payment_method';
    const SERVICE = 'paymentMethods';

    use ApiOperations\Create;
    use ApiOperations\Retrieve;
}
