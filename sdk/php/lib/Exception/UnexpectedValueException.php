<?php

namespace PaySmart\Exception;

/**
 * UnexpectedValueException is a body that is not the JSON expected: a
 * verified webhook payload that does not decode, or a success that is not an
 * object.
 */
class UnexpectedValueException extends \UnexpectedValueException implements ExceptionInterface
{
}
