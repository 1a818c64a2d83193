<?php

namespace PaySmart\Exception;

/**
 * PermissionException: the key may not make this request (403), such as a publishable key doing more than tokenise a card.
 */
class PermissionException extends ApiErrorException
{
}
