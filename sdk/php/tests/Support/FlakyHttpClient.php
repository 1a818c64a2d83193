<?php

namespace PaySmart\Tests\Support;

use PaySmart\Exception\ApiConnectionException;
use PaySmart\HttpClient\ClientInterface;
use PaySmart\HttpClient\StreamClient;

/**
 * FlakyHttpClient fails its first $failures requests as a network error
 * would, then sends the others; it records the headers of every attempt.
 */
final class FlakyHttpClient implements ClientInterface
{
    /** @var int */
    public $failures;

    /** @var array[] the headers of each attempt */
    public $attempts = [];

    public function __construct(int $failures)
    {
        $this->failures = $failures;
    }

    public function request($method, $absUrl, $headers, $body)
    {
        $this->attempts[] = $headers;
        if ($this->failures > 0) {
            --$this->failures;

            throw ApiConnectionException::factory('Could not connect to PaySmart: simulated network error.');
        }

        return (new StreamClient())->request($method, $absUrl, $headers, $body);
    }
}
