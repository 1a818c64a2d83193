<?php

namespace PaySmart\Exception;

/**
 * ApiConnectionException is a request that got no answer: the connection
 * failed, was cut, or timed out (after the retries). It has no HTTP status.
 */
class ApiConnectionException extends ApiErrorException
{
}
