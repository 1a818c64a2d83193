<?php

namespace PaySmart;

use PaySmart\Exception\ApiConnectionException;
use PaySmart\Exception\AuthenticationException;
use PaySmart\HttpClient\ClientInterface;
use PaySmart\HttpClient\StreamClient;
use PaySmart\Util\CaseInsensitiveArray;
use PaySmart\Util\RequestOptions;
use PaySmart\Util\Util;

/**
 * ApiRequestor sends API calls, as the Go SDK (sdk/paysmart) does: every
 * POST and DELETE carries an Idempotency-Key (one per call, kept across its
 * retries), so that a call retried after a network error, a 409 (the same
 * key still running), a 429 or a 5xx cannot charge twice. It waits before
 * each retry: Retry-After when the server sent one, otherwise the initial
 * delay doubled per retry, with up to 50% jitter, capped at the maximum delay.
 */
class ApiRequestor
{
    /** MAX_RETRY_AFTER caps, in seconds, how long a Retry-After may make a call wait. */
    const MAX_RETRY_AFTER = 60.0;

    /** @var null|ClientInterface the transport of requestors not given one */
    private static $defaultHttpClient;

    /** @var null|string */
    private $apiKey;

    /** @var string */
    private $apiBase;

    /** @var int */
    private $maxNetworkRetries;

    /** @var float */
    private $initialDelay;

    /** @var float */
    private $maxDelay;

    /** @var null|ClientInterface */
    private $httpClient;

    /**
     * @param null|string $apiKey
     * @param string $apiBase the API's address, "/v2" included
     * @param int $maxNetworkRetries
     * @param float $initialDelay seconds
     * @param float $maxDelay seconds
     * @param null|ClientInterface $httpClient
     */
    public function __construct($apiKey, $apiBase, $maxNetworkRetries = 2, $initialDelay = 0.5, $maxDelay = 8.0, $httpClient = null)
    {
        $this->apiKey = $apiKey;
        $this->apiBase = \rtrim($apiBase, '/');
        $this->maxNetworkRetries = \max(0, (int) $maxNetworkRetries);
        $this->initialDelay = (float) $initialDelay;
        $this->maxDelay = (float) $maxDelay;
        $this->httpClient = $httpClient;
    }

    /**
     * setHttpClient sets the transport of every requestor not given its own
     * (null: back to StreamClient).
     */
    public static function setHttpClient(?ClientInterface $client)
    {
        self::$defaultHttpClient = $client;
    }

    /** @return ClientInterface the transport of requestors not given one */
    public static function httpClient()
    {
        if (null === self::$defaultHttpClient) {
            self::$defaultHttpClient = new StreamClient();
        }

        return self::$defaultHttpClient;
    }

    /**
     * request sends one API call, retrying it as the class doc says.
     *
     * @param string $method get, post or delete
     * @param string $path under the base URL, e.g. /payments
     * @param null|array $params a JSON body for POST, the query string otherwise
     * @param null|array|RequestOptions|string $opts
     *
     * @throws Exception\ApiErrorException
     *
     * @return ApiResponse a success (2xx)
     */
    public function request($method, $path, $params = null, $opts = null)
    {
        $opts = RequestOptions::parse($opts);
        $method = \strtolower($method);
        $apiKey = $opts->apiKey ?? $this->apiKey;
        if (null === $apiKey || '' === $apiKey) {
            throw AuthenticationException::factory('No API key provided. Set it with '
                . '\PaySmart\PaySmart::setApiKey("sk_..."), new \PaySmart\PaySmartClient("sk_..."), '
                . 'or the api_key request option.');
        }

        $absUrl = (null !== $opts->apiBase ? \rtrim($opts->apiBase, '/') : $this->apiBase) . $path;
        $body = null;
        if ('post' === $method) {
            $body = Util::encodeJson($params);
        } elseif (null !== $params && [] !== $params) {
            $absUrl .= (false === \strpos($absUrl, '?') ? '?' : '&') . Util::encodeQuery($params);
        }

        $headers = [
            'Authorization: Bearer ' . $apiKey,
            'Accept: application/json',
            'User-Agent: PaySmart/php ' . PaySmart::VERSION,
        ];
        if (null !== $body) {
            $headers[] = 'Content-Type: application/json';
        }
        if ('get' !== $method) {
            $headers[] = 'Idempotency-Key: ' . ($opts->idempotencyKey ?? Util::newIdempotencyKey());
        }

        $client = $this->httpClient ?? self::httpClient();
        for ($attempt = 0;; ++$attempt) {
            try {
                list($rbody, $rcode, $rheaders) = $client->request($method, $absUrl, $headers, $body);
            } catch (ApiConnectionException $e) {
                if ($attempt >= $this->maxNetworkRetries) {
                    if ($attempt > 0) {
                        throw ApiConnectionException::factory($e->getMessage() . " (Request was retried {$attempt} times.)");
                    }

                    throw $e;
                }
                self::sleep($this->retryDelay($attempt, null));

                continue;
            }
            $rheaders = new CaseInsensitiveArray($rheaders);
            if ($rcode >= 200 && $rcode < 300) {
                return new ApiResponse($rbody, $rcode, $rheaders, \json_decode($rbody, true));
            }
            if ($attempt < $this->maxNetworkRetries && self::retryable($rcode)) {
                self::sleep($this->retryDelay($attempt, $rheaders['Retry-After']));

                continue;
            }

            throw self::apiError($rbody, $rcode, $rheaders);
        }
    }

    /**
     * retryable reports whether an answer with this status may be retried:
     * the same key still running (409), too many requests (429), or a server
     * failure (5xx).
     *
     * @param int $status
     *
     * @return bool
     */
    public static function retryable($status)
    {
        return 409 === $status || 429 === $status || $status >= 500;
    }

    /**
     * retryDelay returns the seconds to wait before retry $attempt+1:
     * Retry-After when the server sent one (seconds or an HTTP date, at most
     * MAX_RETRY_AFTER), otherwise the initial delay doubled per attempt with
     * up to 50% jitter, at most the maximum delay.
     *
     * @internal
     *
     * @param int $attempt 0 for the first retry
     * @param null|string $retryAfter the Retry-After header
     *
     * @return float
     */
    public function retryDelay($attempt, $retryAfter)
    {
        $retryAfter = null === $retryAfter ? '' : \trim($retryAfter);
        if (\preg_match('/^\d+$/', $retryAfter)) {
            return \min((float) $retryAfter, self::MAX_RETRY_AFTER);
        }
        if ('' !== $retryAfter && false !== ($t = \strtotime($retryAfter))) {
            return \max(0.0, \min((float) ($t - \time()), self::MAX_RETRY_AFTER));
        }
        $d = $this->initialDelay * (2 ** $attempt);
        $d += $d / 2 * (\mt_rand() / \mt_getrandmax());

        return \min($d, $this->maxDelay);
    }

    /**
     * apiError turns an error answer into the exception of its type.
     *
     * @param string $rbody
     * @param int $rcode
     * @param CaseInsensitiveArray $rheaders
     *
     * @return Exception\ApiErrorException
     */
    public static function apiError($rbody, $rcode, $rheaders)
    {
        $json = \json_decode($rbody, true);
        $type = null;
        $code = null;
        if (\is_array($json) && isset($json['error']) && \is_array($json['error'])) {
            $err = $json['error'];
            $type = isset($err['type']) && \is_string($err['type']) ? $err['type'] : null;
            $code = isset($err['code']) && \is_string($err['code']) ? $err['code'] : null;
            $message = isset($err['message']) && \is_string($err['message']) ? $err['message'] : "PaySmart answered {$rcode}.";
        } else {
            $json = \is_array($json) ? $json : null;
            $message = '' !== \trim($rbody) ? \trim($rbody) : "PaySmart answered {$rcode} without a body.";
        }
        $class = self::exceptionClass($type, $rcode);

        return $class::factory($message, $rcode, $rbody, $json, $rheaders, $code);
    }

    /**
     * exceptionClass picks the exception of an error's type, or of its HTTP
     * status when the type is missing or unknown.
     *
     * @param null|string $type
     * @param int $status
     *
     * @return string a subclass of ApiErrorException
     */
    private static function exceptionClass($type, $status)
    {
        $byType = [
            'invalid_request_error' => Exception\InvalidRequestException::class,
            'authentication_error' => Exception\AuthenticationException::class,
            'permission_error' => Exception\PermissionException::class,
            'card_error' => Exception\CardException::class,
            'idempotency_error' => Exception\IdempotencyException::class,
            'rate_limit_error' => Exception\RateLimitException::class,
            'api_error' => Exception\UnknownApiErrorException::class,
        ];
        if (null !== $type && isset($byType[$type])) {
            return $byType[$type];
        }
        $byStatus = [
            400 => Exception\InvalidRequestException::class,
            401 => Exception\AuthenticationException::class,
            402 => Exception\CardException::class,
            403 => Exception\PermissionException::class,
            404 => Exception\InvalidRequestException::class,
            409 => Exception\IdempotencyException::class,
            429 => Exception\RateLimitException::class,
        ];

        return $byStatus[$status] ?? Exception\UnknownApiErrorException::class;
    }

    /** @param float $seconds */
    private static function sleep($seconds)
    {
        if ($seconds > 0) {
            \usleep((int) \round($seconds * 1e6));
        }
    }
}
