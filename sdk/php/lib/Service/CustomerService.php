<?php

namespace PaySmart\Service;

/**
 * CustomerService calls /customers.
 */
class CustomerService extends AbstractService
{
    /**
     * all lists customers, newest first (filters: email, created).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\Customer>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/customers', $params, $opts);
    }

    /**
     * create creates a customer.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Customer
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/customers', $params, $opts);
    }

    /**
     * retrieve retrieves a customer; a deleted one has ->deleted true.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Customer
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/customers/%s', $id), $params, $opts);
    }

    /**
     * update changes a customer.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Customer
     */
    public function update($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/customers/%s', $id), $params, $opts);
    }

    /**
     * delete deletes a customer; the answer has ->deleted true.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Customer
     */
    public function delete($id, $params = null, $opts = null)
    {
        return $this->request('delete', $this->buildPath('/customers/%s', $id), $params, $opts);
    }
}
