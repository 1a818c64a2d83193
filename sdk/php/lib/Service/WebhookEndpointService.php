<?php

namespace PaySmart\Service;

/**
 * WebhookEndpointService calls /webhook_endpoints.
 */
class WebhookEndpointService extends AbstractService
{
    /**
     * all lists webhook endpoints, newest first.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\WebhookEndpoint>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/webhook_endpoints', $params, $opts);
    }

    /**
     * create registers an endpoint ('url', 'enabled_events'); the answer's
     * ->secret is shown only this once.
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\WebhookEndpoint
     */
    public function create($params = null, $opts = null)
    {
        return $this->request('post', '/webhook_endpoints', $params, $opts);
    }

    /**
     * retrieve retrieves an endpoint.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\WebhookEndpoint
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/webhook_endpoints/%s', $id), $params, $opts);
    }

    /**
     * update changes an endpoint; 'disabled' stops or resumes its deliveries.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\WebhookEndpoint
     */
    public function update($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/webhook_endpoints/%s', $id), $params, $opts);
    }

    /**
     * delete deletes an endpoint; the answer has ->deleted true.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\WebhookEndpoint
     */
    public function delete($id, $params = null, $opts = null)
    {
        return $this->request('delete', $this->buildPath('/webhook_endpoints/%s', $id), $params, $opts);
    }

    /**
     * rollSecret gives an endpoint a new secret (in the answer, shown once);
     * the old one keeps signing for 'expires_in' seconds (at most 86400).
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\WebhookEndpoint
     */
    public function rollSecret($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/webhook_endpoints/%s/roll_secret', $id), $params, $opts);
    }
}
