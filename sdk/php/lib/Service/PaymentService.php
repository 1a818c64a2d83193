<?php

namespace PaySmart\Service;

/**
 * PaymentService calls /payments.
 */
class PaymentService extends AbstractService
{
    /**
     * all lists payments, newest first (filters: customer, status, created).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\Payment>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/payments', $params, $opts);
    }

    /**
     * create charges a card (payment_method as ['type' => 'card', 'card' =>
     * [...]]) or a saved payment method (its id). 'capture' => false only
     * authorises it. A declined card is a CardException whose getPayment()
     * is the failed payment.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Payment
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/payments', $params, $opts);
    }

    /**
     * retrieve retrieves a payment ('expand' => ['customer'] expands its customer).
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Payment
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/payments/%s', $id), $params, $opts);
    }

    /**
     * update changes a payment's description, customer, receipt_email or metadata.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Payment
     */
    public function update($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/payments/%s', $id), $params, $opts);
    }

    /**
     * capture captures an authorised payment, all of it or 'amount'.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Payment
     */
    public function capture($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/payments/%s/capture', $id), $params, $opts);
    }

    /**
     * cancel releases an authorised payment (requires_capture) or ends the 3-D Secure wait of one in requires_action.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Payment
     */
    public function cancel($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/payments/%s/cancel', $id), $params, $opts);
    }
}
