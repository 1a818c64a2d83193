<?php

namespace PaySmart\Exception;

/**
 * ExceptionInterface is implemented by every exception this library throws,
 * so that one catch can take them all.
 */
interface ExceptionInterface extends \Throwable
{
}
