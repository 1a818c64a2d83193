<?php

namespace PaySmart\Exception;

/**
 * InvalidRequestException: the request was refused: a bad or missing parameter (400) or an object that does not exist (404). getParam() names the parameter.
 */
class InvalidRequestException extends ApiErrorException
{
}
