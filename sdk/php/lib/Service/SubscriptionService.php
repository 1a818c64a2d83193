<?php

namespace PaySmart\Service;

/**
 * SubscriptionService calls /subscriptions.
 */
class SubscriptionService extends AbstractService
{
    /**
     * all lists subscriptions, newest first (filters: customer, status, created).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\Subscription>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/subscriptions', $params, $opts);
    }

    /**
     * create starts a subscription: 'customer', 'payment_method' (a card
     * attached to the customer), 'amount', 'currency', 'interval' (week,
     * month, quarter or year). Its first charge happens at 'start_date' (now
     * by default, before the answer).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Subscription
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/subscriptions', $params, $opts);
    }

    /**
     * retrieve retrieves a subscription.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Subscription
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/subscriptions/%s', $id), $params, $opts);
    }

    /**
     * update changes a subscription's payment_method or metadata.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Subscription
     */
    public function update($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/subscriptions/%s', $id), $params, $opts);
    }

    /**
     * cancel cancels a subscription (DELETE): nothing more is charged. It
     * answers the subscription, canceled; one that has ended already is an
     * InvalidRequestException.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Subscription
     */
    public function cancel($id, $params = null, $opts = null)
    {
        return $this->request('delete', $this->buildPath('/subscriptions/%s', $id), $params, $opts);
    }
}
