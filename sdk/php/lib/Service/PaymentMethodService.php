<?php

namespace PaySmart\Service;

/**
 * PaymentMethodService calls /payment_methods.
 */
class PaymentMethodService extends AbstractService
{
    /**
     * create tokenises a card (the one call a publishable key may make;
     * attaching it to a 'customer' needs a secret key).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\PaymentMethod
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/payment_methods', $params, $opts);
    }

    /**
     * retrieve retrieves a payment method.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\PaymentMethod
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/payment_methods/%s', $id), $params, $opts);
    }
}
