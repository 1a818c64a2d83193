<?php

namespace PaySmart\Exception;

/**
 * IdempotencyException: an Idempotency-Key was reused with other parameters (400), or a request with that key is still running (409).
 */
class IdempotencyException extends ApiErrorException
{
}
