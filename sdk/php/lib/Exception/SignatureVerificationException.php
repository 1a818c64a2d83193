<?php

namespace PaySmart\Exception;

/**
 * SignatureVerificationException is a webhook whose PaySmart-Signature does
 * not verify. getReason() says why, as the shared test vectors name it.
 */
class SignatureVerificationException extends \Exception implements ExceptionInterface
{
    /** INVALID_HEADER: the header is missing or has no valid t=... timestamp. */
    const INVALID_HEADER = 'invalid_header';
    /** NOT_SIGNED: the header has a timestamp but no v1 signature. */
    const NOT_SIGNED = 'not_signed';
    /** NO_VALID_SIGNATURE: no v1 signature matches the payload and the secret. */
    const NO_VALID_SIGNATURE = 'no_valid_signature';
    /** TOO_OLD: the timestamp is older than the tolerance (a possible replay). */
    const TOO_OLD = 'too_old';
    /** IN_FUTURE: the timestamp is further ahead than the tolerance. */
    const IN_FUTURE = 'in_future';

    /** @var null|string */
    protected $httpBody;

    /** @var null|string */
    protected $sigHeader;

    /** @var string */
    protected $reason = '';

    /**
     * factory builds the exception.
     *
     * @param string $message
     * @param null|string $httpBody the payload that was checked
     * @param null|string $sigHeader the signature header that was checked
     * @param string $reason one of the constants of this class
     *
     * @return static
     */
    public static function factory($message, $httpBody = null, $sigHeader = null, $reason = '')
    {
        $instance = new static($message);
        $instance->httpBody = $httpBody;
        $instance->sigHeader = $sigHeader;
        $instance->reason = $reason;

        return $instance;
    }

    /** @return null|string the payload */
    public function getHttpBody()
    {
        return $this->httpBody;
    }

    /** @return null|string the PaySmart-Signature header */
    public function getSigHeader()
    {
        return $this->sigHeader;
    }

    /** @return string why it failed: invalid_header, not_signed, no_valid_signature, too_old or in_future */
    public function getReason()
    {
        return $this->reason;
    }
}
