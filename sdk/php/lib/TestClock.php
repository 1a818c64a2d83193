<?php

namespace PaySmart;

/**
 * TestClock is simulated time for test-mode customers and their
 * subscriptions. ->status is ready, or advancing while an advance runs.
 *
 * @property string $id
 * @property null|string $name
 * @property int $frozen_time
 * @property string $status
 * @property bool $livemode
 * @property int $created
 */
class TestClock extends ApiResource
{
    const OBJECT_NAME = 'test_helpers.test_clock';
    const SERVICE = 'testClocks';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Delete;
    use ApiOperations\Retrieve;

    /**
     * advance moves a clock forward to ['frozen_time' => ...].
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return TestClock
     */
    public static function advance($id, $params = null, $opts = null)
    {
        return static::service()->advance($id, $params, $opts);
    }
}
