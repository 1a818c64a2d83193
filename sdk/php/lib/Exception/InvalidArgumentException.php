<?php

namespace PaySmart\Exception;

/**
 * InvalidArgumentException is a call this library refuses before sending it:
 * an empty id, an unknown option.
 */
class InvalidArgumentException extends \InvalidArgumentException implements ExceptionInterface
{
}
