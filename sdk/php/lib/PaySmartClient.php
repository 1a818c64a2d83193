<?php

namespace PaySmart;

use PaySmart\Exception\InvalidArgumentException;
use PaySmart\Exception\UnexpectedValueException;
use PaySmart\Util\Util;

/**
 * PaySmartClient calls the PaySmart API with its own configuration, through
 * one service per resource:
 *
 *     $paysmart = new \PaySmart\PaySmartClient('sk_test_...');
 *     $payment = $paysmart->payments->create(['amount' => 2000, ...]);
 *
 * @property Service\CustomerService $customers
 * @property Service\EventService $events
 * @property Service\PaymentMethodService $paymentMethods
 * @property Service\PaymentService $payments
 * @property Service\RefundService $refunds
 * @property Service\SubscriptionService $subscriptions
 * @property Service\TestClockService $testClocks
 * @property Service\WebhookEndpointService $webhookEndpoints
 */
class PaySmartClient
{
    /**
     * DEFAULT_CONFIG lists the configuration keys: api_key; api_base (null:
     * PAYSMART_API_BASE, else https://api.paysmart.com/v2);
     * max_network_retries; initial_network_retry_delay and
     * max_network_retry_delay in seconds; http_client (an
     * HttpClient\ClientInterface, null: the default).
     */
    const DEFAULT_CONFIG = [
        'api_key' => null,
        'api_base' => null,
        'max_network_retries' => 2,
        'initial_network_retry_delay' => 0.5,
        'max_network_retry_delay' => 8.0,
        'http_client' => null,
    ];

    /** SERVICES maps each service's property to its class. */
    const SERVICES = [
        'customers' => Service\CustomerService::class,
        'events' => Service\EventService::class,
        'paymentMethods' => Service\PaymentMethodService::class,
        'payments' => Service\PaymentService::class,
        'refunds' => Service\RefundService::class,
        'subscriptions' => Service\SubscriptionService::class,
        'testClocks' => Service\TestClockService::class,
        'webhookEndpoints' => Service\WebhookEndpointService::class,
    ];

    /** @var array */
    private $config;

    /** @var ApiRequestor */
    private $requestor;

    /** @var array<string, Service\AbstractService> */
    private $services = [];

    /**
     * @param array|string $config an API key, or configuration (see DEFAULT_CONFIG)
     */
    public function __construct($config = [])
    {
        if (\is_string($config)) {
            $config = ['api_key' => $config];
        } elseif (!\is_array($config)) {
            throw new InvalidArgumentException('$config must be an API key or an array.');
        }
        $unknown = \array_diff(\array_keys($config), \array_keys(self::DEFAULT_CONFIG));
        if ($unknown) {
            throw new InvalidArgumentException('Unknown configuration key(s): ' . \implode(', ', $unknown)
                . ' (known: ' . \implode(', ', \array_keys(self::DEFAULT_CONFIG)) . ').');
        }
        $config = \array_merge(self::DEFAULT_CONFIG, $config);
        $config['api_base'] = PaySmart::resolveApiBase($config['api_base']);
        $this->config = $config;
        $this->requestor = new ApiRequestor($config['api_key'], $config['api_base'], $config['max_network_retries'],
            $config['initial_network_retry_delay'], $config['max_network_retry_delay'], $config['http_client']);
    }

    /**
     * fromGlobals returns a client with the global configuration (what
     * PaySmart::setApiKey and the other setters set).
     *
     * @return PaySmartClient
     */
    public static function fromGlobals()
    {
        return new self([
            'api_key' => PaySmart::getApiKey(),
            'api_base' => PaySmart::getApiBase(),
            'max_network_retries' => PaySmart::getMaxNetworkRetries(),
            'initial_network_retry_delay' => PaySmart::getInitialNetworkRetryDelay(),
            'max_network_retry_delay' => PaySmart::getMaxNetworkRetryDelay(),
        ]);
    }

    /** @return null|string the client's API key */
    public function getApiKey()
    {
        return $this->config['api_key'];
    }

    /** @return string the API's address, "/v2" included */
    public function getApiBase()
    {
        return $this->config['api_base'];
    }

    /** @return ApiRequestor the requestor the services call through */
    public function getRequestor()
    {
        return $this->requestor;
    }

    /**
     * request sends an API call and returns its answer as an object (a
     * Payment, a Customer, a Collection...).
     *
     * @param string $method get, post or delete
     * @param string $path under the base URL, e.g. /payments
     * @param null|array $params
     * @param null|array|string $opts per-request options (idempotency_key, api_key, api_base)
     *
     * @throws Exception\ApiErrorException
     *
     * @return PaySmartObject
     */
    public function request($method, $path, $params = null, $opts = null)
    {
        $response = $this->requestor->request($method, $path, $params, $opts);
        $obj = Util::convertToPaySmartObject(\json_decode($response->body), $response);
        if (!$obj instanceof PaySmartObject) {
            throw new UnexpectedValueException("PaySmart answered {$response->code} with a body that is not a JSON object: "
                . \substr($response->body, 0, 200));
        }

        return $obj;
    }

    /**
     * requestCollection fetches a page of a list, able to fetch the others
     * with the same options.
     *
     * @param string $path
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return Collection
     */
    public function requestCollection($path, $params = null, $opts = null)
    {
        $page = $this->request('get', $path, $params, $opts);
        if (!$page instanceof Collection) {
            throw new UnexpectedValueException("{$path} did not answer a list.");
        }
        $page->setPageFetcher(function ($p) use ($path, $opts) {
            return $this->requestCollection($path, $p, $opts);
        }, $params);

        return $page;
    }

    /**
     * @param string $name
     *
     * @return Service\AbstractService
     */
    public function __get($name)
    {
        if (!isset(self::SERVICES[$name])) {
            throw new InvalidArgumentException("PaySmartClient has no service {$name} (it has: "
                . \implode(', ', \array_keys(self::SERVICES)) . ').');
        }
        if (!isset($this->services[$name])) {
            $class = self::SERVICES[$name];
            $this->services[$name] = new $class($this);
        }

        return $this->services[$name];
    }
}
