<?php

namespace PaySmart\Service;

use PaySmart\Exception\InvalidArgumentException;
use PaySmart\PaySmartClient;

/**
 * AbstractService is the base of the services of a PaySmartClient: each
 * method is one API call. Every method takes the request's parameters (an
 * array) and, last, the per-request options (['idempotency_key' => ...,
 * 'api_key' => ...]).
 */
abstract class AbstractService
{
    /** @var PaySmartClient */
    protected $client;

    public function __construct(PaySmartClient $client)
    {
        $this->client = $client;
    }

    /** @return PaySmartClient the client the service calls through */
    public function getClient()
    {
        return $this->client;
    }

    /**
     * @param string $method
     * @param string $path
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\PaySmartObject
     */
    protected function request($method, $path, $params, $opts)
    {
        return $this->client->request($method, $path, $params, $opts);
    }

    /**
     * @param string $path
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return \PaySmart\Collection
     */
    protected function requestCollection($path, $params, $opts)
    {
        return $this->client->requestCollection($path, $params, $opts);
    }

    /**
     * buildPath fills each %s of $format with an id, escaped.
     *
     * @param string $format
     * @param string ...$ids
     *
     * @throws InvalidArgumentException for an empty id
     *
     * @return string
     */
    protected function buildPath($format, ...$ids)
    {
        foreach ($ids as $id) {
            if (!\is_string($id) || '' === \trim($id)) {
                throw new InvalidArgumentException('The resource ID cannot be null or whitespace.');
            }
        }

        return \sprintf($format, ...\array_map('rawurlencode', $ids));
    }
}
