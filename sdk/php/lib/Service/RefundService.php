<?php

namespace PaySmart\Service;

/**
 * RefundService calls /refunds.
 */
class RefundService extends AbstractService
{
    /**
     * all lists refunds, newest first (filters: payment, created).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\Refund>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/refunds', $params, $opts);
    }

    /**
     * create refunds a payment ('payment'), all that remains or 'amount'.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Refund
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/refunds', $params, $opts);
    }

    /**
     * retrieve retrieves a refund.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Refund
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/refunds/%s', $id), $params, $opts);
    }
}
