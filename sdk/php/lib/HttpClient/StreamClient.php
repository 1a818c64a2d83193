<?php

namespace PaySmart\HttpClient;

use PaySmart\Exception\ApiConnectionException;

/**
 * StreamClient sends requests with PHP's own HTTP stream wrapper
 * (file_get_contents), so that the library needs no extension.
 */
class StreamClient implements ClientInterface
{
    /** DEFAULT_TIMEOUT is how long, in seconds, a request may wait for its answer. */
    const DEFAULT_TIMEOUT = 80.0;

    /** @var float */
    private $timeout;

    /** @param float $timeout seconds to wait for an answer */
    public function __construct($timeout = self::DEFAULT_TIMEOUT)
    {
        $this->timeout = (float) $timeout;
    }

    public function request($method, $absUrl, $headers, $body)
    {
        $http = [
            'method' => \strtoupper($method),
            'header' => \implode("\r\n", \array_merge($headers, ['Connection: close'])),
            'ignore_errors' => true, // an error status is an answer, not a failure
            'follow_location' => 0,
            'timeout' => $this->timeout,
        ];
        if (null !== $body) {
            $http['content'] = $body;
        }
        $context = \stream_context_create(['http' => $http]);

        $warning = null;
        \set_error_handler(static function ($errno, $errstr) use (&$warning) {
            $warning = $errstr;

            return true;
        });

        try {
            $http_response_header = null;
            $rbody = \file_get_contents($absUrl, false, $context);
        } finally {
            \restore_error_handler();
        }
        $rawHeaders = $http_response_header;
        if (false === $rbody || !\is_array($rawHeaders) || [] === $rawHeaders) {
            throw ApiConnectionException::factory(
                "Could not connect to PaySmart ({$absUrl}): " . ($warning ?? 'no answer') . '. '
                . 'Check your network, or the base URL (PaySmart::setApiBase, PAYSMART_API_BASE).'
            );
        }
        if (null !== $warning) { // the answer began, then was cut or timed out
            throw ApiConnectionException::factory("The answer of PaySmart ({$absUrl}) was cut short: {$warning}.");
        }

        return self::parse($rbody, $rawHeaders);
    }

    /**
     * parse reads the status line and headers of the last answer in
     * $http_response_header.
     *
     * @param string $rbody
     * @param string[] $rawHeaders
     *
     * @return array [string $body, int $status, array<string, string> $headers]
     */
    private static function parse($rbody, $rawHeaders)
    {
        $status = 0;
        $headers = [];
        foreach ($rawHeaders as $line) {
            if (\preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m)) {
                $status = (int) $m[1]; // a new answer (after a 100 Continue): start over
                $headers = [];
                continue;
            }
            $parts = \explode(':', $line, 2);
            if (2 === \count($parts)) {
                $name = \trim($parts[0]);
                $value = \trim($parts[1]);
                $headers[$name] = isset($headers[$name]) ? $headers[$name] . ', ' . $value : $value;
            }
        }
        if (0 === $status) {
            throw ApiConnectionException::factory('PaySmart answered without an HTTP status line.');
        }

        return [$rbody, $status, $headers];
    }
}
