<?php

namespace PaySmart\Exception;

use PaySmart\PaySmartObject;
use PaySmart\Util\CaseInsensitiveArray;

/**
 * ApiErrorException is the base of every error the API answered (and of
 * ApiConnectionException, when it could not be reached). It carries the HTTP
 * status, the error's type, code, message and param, the request id, the
 * raw body and its decoded JSON.
 */
abstract class ApiErrorException extends \Exception implements ExceptionInterface
{
    /** @var null|PaySmartObject the "error" member of the body */
    protected $error;

    /** @var null|string */
    protected $httpBody;

    /** @var null|CaseInsensitiveArray */
    protected $httpHeaders;

    /** @var null|int */
    protected $httpStatus;

    /** @var null|array */
    protected $jsonBody;

    /** @var null|string */
    protected $requestId;

    /** @var null|string */
    protected $paysmartCode;

    /**
     * factory builds the exception from an API answer.
     *
     * @param string $message
     * @param null|int $httpStatus
     * @param null|string $httpBody the raw body
     * @param null|array $jsonBody the body decoded as an associative array
     * @param null|array|CaseInsensitiveArray $httpHeaders
     * @param null|string $paysmartCode the error's code (card_declined, parameter_missing...)
     *
     * @return static
     */
    public static function factory(
        $message,
        $httpStatus = null,
        $httpBody = null,
        $jsonBody = null,
        $httpHeaders = null,
        $paysmartCode = null
    ) {
        $instance = new static($message);
        $instance->httpStatus = $httpStatus;
        $instance->httpBody = $httpBody;
        $instance->jsonBody = $jsonBody;
        $instance->httpHeaders = $httpHeaders instanceof CaseInsensitiveArray || null === $httpHeaders
            ? $httpHeaders : new CaseInsensitiveArray($httpHeaders);
        $instance->paysmartCode = $paysmartCode;

        // Decoded again as objects, so that {} stays an object in getError().
        $decoded = \is_string($httpBody) ? \json_decode($httpBody) : null;
        if ($decoded instanceof \stdClass && isset($decoded->error) && $decoded->error instanceof \stdClass) {
            $instance->error = PaySmartObject::constructFrom($decoded->error);
        }
        $requestId = $instance->error ? $instance->error['request_id'] : null;
        if ((null === $requestId || '' === $requestId) && null !== $instance->httpHeaders) {
            $requestId = $instance->httpHeaders['Request-Id'];
        }
        $instance->requestId = $requestId;

        return $instance;
    }

    /** @return null|PaySmartObject the error object of the body (type, code, message, param...) */
    public function getError()
    {
        return $this->error;
    }

    /** @return null|string the raw response body */
    public function getHttpBody()
    {
        return $this->httpBody;
    }

    /** @return null|CaseInsensitiveArray the response headers */
    public function getHttpHeaders()
    {
        return $this->httpHeaders;
    }

    /** @return null|int the HTTP status (null when the API could not be reached) */
    public function getHttpStatus()
    {
        return $this->httpStatus;
    }

    /** @return null|array the response body, decoded */
    public function getJsonBody()
    {
        return $this->jsonBody;
    }

    /** @return null|string the request id (Request-Id), to quote to support */
    public function getRequestId()
    {
        return $this->requestId;
    }

    /** @return null|string the error's stable code: parameter_missing, card_declined... */
    public function getPaysmartCode()
    {
        return $this->paysmartCode;
    }

    /**
     * getErrorType returns the error's type: invalid_request_error,
     * authentication_error, permission_error, card_error, idempotency_error,
     * rate_limit_error or api_error.
     *
     * @return null|string
     */
    public function getErrorType()
    {
        return $this->error ? $this->error['type'] : null;
    }

    /** @return null|string the parameter at fault, in bracket notation (payment_method[card][cvc]) */
    public function getParam()
    {
        return $this->error ? $this->error['param'] : null;
    }

    /** @return string the exception's description, with the status and request id */
    public function __toString()
    {
        $meta = [];
        if (null !== $this->httpStatus) {
            $meta[] = "Status {$this->httpStatus}";
        }
        if (null !== $this->requestId) {
            $meta[] = "Request {$this->requestId}";
        }

        return ($meta ? '(' . \implode(') (', $meta) . ') ' : '') . parent::__toString();
    }
}
