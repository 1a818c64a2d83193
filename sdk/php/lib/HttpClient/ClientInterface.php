<?php

namespace PaySmart\HttpClient;

/**
 * ClientInterface sends one HTTP request. The requestor retries around it.
 */
interface ClientInterface
{
    /**
     * request sends one request and returns the answer, whatever its status.
     *
     * @param string $method GET, POST or DELETE
     * @param string $absUrl
     * @param string[] $headers "Name: value" lines
     * @param null|string $body
     *
     * @throws \PaySmart\Exception\ApiConnectionException when no answer came
     *
     * @return array [string $body, int $status, array<string, string> $headers]
     */
    public function request($method, $absUrl, $headers, $body);
}
