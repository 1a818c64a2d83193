<?php

namespace PaySmart\Service;

/**
 * TestClockService calls /test_helpers/test_clocks (test mode only: a live
 * key is refused with a PermissionException).
 */
class TestClockService extends AbstractService
{
    /**
     * all lists test clocks, newest first.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\TestClock>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/test_helpers/test_clocks', $params, $opts);
    }

    /**
     * create creates a test clock frozen at 'frozen_time' (Unix seconds);
     * give its id to a customer's 'test_clock'.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\TestClock
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/test_helpers/test_clocks', $params, $opts);
    }

    /**
     * retrieve retrieves a test clock.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\TestClock
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/test_helpers/test_clocks/%s', $id), $params, $opts);
    }

    /**
     * delete deletes a test clock; its subscriptions are canceled.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\TestClock
     */
    public function delete($id, $params = null, $opts = null)
    {
        return $this->request('delete', $this->buildPath('/test_helpers/test_clocks/%s', $id), $params, $opts);
    }

    /**
     * advance moves a clock forward to 'frozen_time'; every charge due by
     * then is made, at its simulated time, before it answers.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\TestClock
     */
    public function advance($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/test_helpers/test_clocks/%s/advance', $id), $params, $opts);
    }
}
