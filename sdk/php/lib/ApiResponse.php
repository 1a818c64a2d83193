<?php

namespace PaySmart;

use PaySmart\Util\CaseInsensitiveArray;

/**
 * ApiResponse is one HTTP answer of the API: its status, headers and body.
 * Every object a request returns keeps it (getLastResponse()).
 */
class ApiResponse
{
    /** @var int the HTTP status */
    public $code;

    /** @var CaseInsensitiveArray the headers */
    public $headers;

    /** @var string the raw body */
    public $body;

    /** @var mixed the body decoded as an associative array (null when not JSON) */
    public $json;

    /**
     * @param string $body
     * @param int $code
     * @param array|CaseInsensitiveArray $headers
     * @param mixed $json
     */
    public function __construct($body, $code, $headers, $json)
    {
        $this->body = $body;
        $this->code = $code;
        $this->headers = $headers instanceof CaseInsensitiveArray ? $headers : new CaseInsensitiveArray($headers);
        $this->json = $json;
    }

    /** @return null|string the Request-Id header */
    public function requestId()
    {
        return $this->headers['Request-Id'];
    }

    /** @return bool whether the server replayed a stored answer (Idempotent-Replayed: true) */
    public function idempotentReplayed()
    {
        return 'true' === $this->headers['Idempotent-Replayed'];
    }
}
