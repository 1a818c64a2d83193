<?php

namespace PaySmart\Exception;

/**
 * UnknownApiErrorException: the API failed (api_error, a 5xx), or answered an error this library does not know.
 */
class UnknownApiErrorException extends ApiErrorException
{
}
