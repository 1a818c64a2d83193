<?php

namespace PaySmart;

/**
 * Webhook verifies and decodes the events PaySmart sends to a webhook
 * endpoint:
 *
 *     $event = \PaySmart\Webhook::constructEvent(
 *         file_get_contents('php://input'),
 *         $_SERVER['HTTP_PAYSMART_SIGNATURE'],
 *         'whsec_...'
 *     );
 */
abstract class Webhook
{
    /** SIGNATURE_HEADER is the HTTP header that carries the signature. */
    const SIGNATURE_HEADER = 'PaySmart-Signature';

    /** DEFAULT_TOLERANCE is how far, in seconds, a signature's time may be from now. */
    const DEFAULT_TOLERANCE = 300;

    /**
     * constructEvent verifies that $payload was signed by PaySmart with
     * $secret within $tolerance seconds of now, and returns it as an Event.
     * Pass the raw request body, before any JSON parsing.
     *
     * @param string $payload the raw body
     * @param null|string $sigHeader the PaySmart-Signature header
     * @param string $secret the endpoint's secret (whsec_...)
     * @param int $tolerance seconds (0 or less: DEFAULT_TOLERANCE)
     * @param null|int $now @internal the verifier's clock (Unix seconds), for tests
     *
     * @throws Exception\SignatureVerificationException when the signature does not verify
     * @throws Exception\UnexpectedValueException when the verified payload is not a JSON object
     *
     * @return Event
     */
    public static function constructEvent($payload, $sigHeader, $secret, $tolerance = self::DEFAULT_TOLERANCE, $now = null)
    {
        WebhookSignature::verifyHeader($payload, $sigHeader, $secret, $tolerance, $now);

        $data = \json_decode($payload);
        if (!$data instanceof \stdClass) {
            $msg = \json_last_error() !== \JSON_ERROR_NONE ? \json_last_error_msg() : 'not a JSON object';

            throw new Exception\UnexpectedValueException("Invalid webhook payload: {$msg}.");
        }

        return Event::constructFrom($data);
    }
}
