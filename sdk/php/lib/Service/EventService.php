<?php

namespace PaySmart\Service;

/**
 * EventService calls /events.
 */
class EventService extends AbstractService
{
    /**
     * all lists events, newest first (filters: type, created).
     *
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\Event>
     */
    public function all($params = null, $opts = null)
    {
        return $this->requestCollection('/events', $params, $opts);
    }

    /**
     * retrieve retrieves an event.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Event
     */
    public function retrieve($id, $params = null, $opts = null)
    {
        return $this->request('get', $this->buildPath('/events/%s', $id), $params, $opts);
    }

    /**
     * allDeliveries lists the attempts to deliver an event, newest first.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection<\PaySmart\WebhookDelivery>
     */
    public function allDeliveries($id, $params = null, $opts = null)
    {
        return $this->requestCollection($this->buildPath('/events/%s/deliveries', $id), $params, $opts);
    }

    /**
     * retry delivers an event again now to every enabled endpoint that subscribes to it.
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Event
     */
    public function retry($id, $params = null, $opts = null)
    {
        return $this->request('post', $this->buildPath('/events/%s/retry', $id), $params, $opts);
    }
}
