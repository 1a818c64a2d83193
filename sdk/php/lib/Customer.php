<?php

namespace PaySmart;

/**
 * Customer is a customer; a deleted one, retrieved, has ->deleted true.
 *
 * @property string $id
 * @property null|string $email
 * @property null|string $name
 * @property null|string $phone
 * @property null|string $description
 * @property null|PaySmartObject $address
 * @property PaySmartObject $metadata
 * @property null|string $test_clock
 * @property bool $livemode
 * @property int $created
 * @property null|bool $deleted
 */
class Customer extends ApiResource
{
    const OBJECT_NAME = 'customer';
    const SERVICE = 'customers';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Delete;
    use ApiOperations\Retrieve;
    use ApiOperations\Update;
}
