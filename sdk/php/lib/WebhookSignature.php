<?php

namespace PaySmart;

use PaySmart\Exception\SignatureVerificationException;

/**
 * WebhookSignature checks the PaySmart-Signature header of a webhook:
 *
 *     t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
 *
 * with one v1 per secret in use (two while a rolled secret's grace period
 * runs). Other schemes (v0) and unknown keys are ignored. It agrees with the
 * Go package sdk/webhook and the shared vectors in sdk/testdata.
 */
abstract class WebhookSignature
{
    const EXPECTED_SCHEME = 'v1';

    /**
     * verifyHeader checks a signature header against the payload and secret.
     * The signature is checked before the timestamp, so that a forged header
     * learns nothing from the answer.
     *
     * @param string $payload the raw body
     * @param null|string $header the PaySmart-Signature header
     * @param string $secret the endpoint's secret (whsec_...)
     * @param null|int $tolerance seconds (null, 0 or less: Webhook::DEFAULT_TOLERANCE)
     * @param null|int $now @internal the verifier's clock (Unix seconds), for tests
     *
     * @throws SignatureVerificationException
     *
     * @return bool true
     */
    public static function verifyHeader($payload, $header, $secret, $tolerance = null, $now = null)
    {
        $payload = (string) $payload;
        $header = (string) $header;
        if (null === $tolerance || $tolerance <= 0) {
            $tolerance = Webhook::DEFAULT_TOLERANCE;
        }

        list($timestamp, $signatures) = self::parseHeader($payload, $header);

        $expected = \hash_hmac('sha256', "{$timestamp}.{$payload}", (string) $secret, true);
        $ok = false;
        foreach ($signatures as $sig) {
            if (\hash_equals($expected, $sig)) {
                $ok = true;
            }
        }
        if (!$ok) {
            throw SignatureVerificationException::factory(
                'No signatures found matching the expected signature for payload '
                . '(a wrong secret, or a body changed since it was signed).',
                $payload, $header, SignatureVerificationException::NO_VALID_SIGNATURE);
        }

        $age = (null === $now ? \time() : (int) $now) - $timestamp;
        if ($age > $tolerance) {
            throw SignatureVerificationException::factory(
                'Timestamp outside the tolerance zone: the signature is too old (a possible replay).',
                $payload, $header, SignatureVerificationException::TOO_OLD);
        }
        if ($age < -$tolerance) {
            throw SignatureVerificationException::factory(
                'Timestamp outside the tolerance zone: the signature is in the future.',
                $payload, $header, SignatureVerificationException::IN_FUTURE);
        }

        return true;
    }

    /**
     * computeSignature returns hex HMAC-SHA256(secret, "<timestamp>.<payload>").
     *
     * @param int $timestamp
     * @param string $payload
     * @param string $secret
     *
     * @return string
     */
    public static function computeSignature($timestamp, $payload, $secret)
    {
        return \hash_hmac('sha256', "{$timestamp}.{$payload}", $secret);
    }

    /**
     * generateHeader returns the PaySmart-Signature value of $payload at
     * $timestamp (default now): one v1 per secret, in the order given. Use it
     * to test a webhook handler.
     *
     * @param string $payload
     * @param string|string[] $secrets
     * @param null|int $timestamp
     *
     * @return string
     */
    public static function generateHeader($payload, $secrets, $timestamp = null)
    {
        $timestamp = $timestamp ?? \time();
        $header = "t={$timestamp}";
        foreach ((array) $secrets as $secret) {
            $header .= ',' . self::EXPECTED_SCHEME . '=' . self::computeSignature($timestamp, $payload, $secret);
        }

        return $header;
    }

    /**
     * parseHeader reads t and every well-formed v1 of a signature header.
     *
     * @param string $payload
     * @param string $header
     *
     * @throws SignatureVerificationException invalid_header or not_signed
     *
     * @return array [int $timestamp, string[] $binarySignatures]
     */
    private static function parseHeader($payload, $header)
    {
        $timestamp = null;
        $signatures = [];
        foreach (\explode(',', $header) as $part) {
            $kv = \explode('=', \trim($part), 2);
            if (2 !== \count($kv)) {
                continue;
            }
            list($k, $v) = $kv;
            if ('t' === $k) {
                if (!\preg_match('/^\+?\d{1,18}$/', $v) || (int) $v <= 0) {
                    throw SignatureVerificationException::factory(
                        'Unable to extract timestamp and signatures from header (want t=<timestamp>,v1=<signature>).',
                        $payload, $header, SignatureVerificationException::INVALID_HEADER);
                }
                $timestamp = (int) $v;
            } elseif (self::EXPECTED_SCHEME === $k && 64 === \strlen($v) && \ctype_xdigit($v)) {
                $signatures[] = \hex2bin($v);
            }
        }
        if (null === $timestamp) {
            throw SignatureVerificationException::factory(
                'Unable to extract timestamp and signatures from header (want t=<timestamp>,v1=<signature>).',
                $payload, $header, SignatureVerificationException::INVALID_HEADER);
        }
        if (!$signatures) {
            throw SignatureVerificationException::factory(
                'No signatures found with expected scheme ' . self::EXPECTED_SCHEME . '.',
                $payload, $header, SignatureVerificationException::NOT_SIGNED);
        }

        return [$timestamp, $signatures];
    }
}
