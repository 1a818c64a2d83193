<?php

namespace PaySmart\Exception;

/**
 * RateLimitException: too many requests were sent too quickly (429).
 */
class RateLimitException extends ApiErrorException
{
}
