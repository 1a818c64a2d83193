<?php

namespace PaySmart\Exception;

/**
 * AuthenticationException: the API key is missing, unknown or revoked (401).
 */
class AuthenticationException extends ApiErrorException
{
}
