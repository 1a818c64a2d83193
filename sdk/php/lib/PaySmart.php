<?php

namespace PaySmart;

/**
 * PaySmart holds the library's global configuration, used by the static
 * resource methods (Payment::create, Customer::all, ...). A PaySmartClient
 * carries its own configuration instead.
 */
class PaySmart
{
    /** VERSION is this library's version, sent in the User-Agent. */
    const VERSION = '1.0.0';

    /** DEFAULT_API_BASE is where requests go without setApiBase or PAYSMART_API_BASE. */
    const DEFAULT_API_BASE = 'https://api.paysmart.com/v2';

    /** @var null|string the secret key (sk_...) requests authenticate with */
    public static $apiKey;

    /** @var null|string the API's address, "/v2" included; null reads PAYSMART_API_BASE */
    public static $apiBase;

    /** @var int how many times a failed request is retried */
    public static $maxNetworkRetries = 2;

    /** @var float the first wait between retries, in seconds; it doubles each retry */
    public static $initialNetworkRetryDelay = 0.5;

    /** @var float the longest computed wait between retries, in seconds */
    public static $maxNetworkRetryDelay = 8.0;

    /** @return null|string the API key used for requests */
    public static function getApiKey()
    {
        return self::$apiKey;
    }

    /** setApiKey sets the API key used for requests. */
    public static function setApiKey($apiKey)
    {
        self::$apiKey = $apiKey;
    }

    /**
     * getApiBase returns the API's address: the one setApiBase set, else the
     * PAYSMART_API_BASE environment variable, else DEFAULT_API_BASE.
     *
     * @return string
     */
    public static function getApiBase()
    {
        return self::resolveApiBase(self::$apiBase);
    }

    /** setApiBase sets the API's address, "/v2" included (null: back to the default). */
    public static function setApiBase($apiBase)
    {
        self::$apiBase = $apiBase;
    }

    /** @return int how many times a failed request is retried */
    public static function getMaxNetworkRetries()
    {
        return self::$maxNetworkRetries;
    }

    /** setMaxNetworkRetries sets how many times a failed request is retried (0: never). */
    public static function setMaxNetworkRetries($maxNetworkRetries)
    {
        self::$maxNetworkRetries = \max(0, (int) $maxNetworkRetries);
    }

    /** @return float the first wait between retries, in seconds */
    public static function getInitialNetworkRetryDelay()
    {
        return self::$initialNetworkRetryDelay;
    }

    /** setInitialNetworkRetryDelay sets the first wait between retries, in seconds. */
    public static function setInitialNetworkRetryDelay($seconds)
    {
        self::$initialNetworkRetryDelay = \max(0.0, (float) $seconds);
    }

    /** @return float the longest computed wait between retries, in seconds */
    public static function getMaxNetworkRetryDelay()
    {
        return self::$maxNetworkRetryDelay;
    }

    /** setMaxNetworkRetryDelay caps the computed wait between retries, in seconds. */
    public static function setMaxNetworkRetryDelay($seconds)
    {
        self::$maxNetworkRetryDelay = \max(0.0, (float) $seconds);
    }

    /**
     * resolveApiBase returns $apiBase when set, else PAYSMART_API_BASE, else
     * DEFAULT_API_BASE, without a trailing slash.
     *
     * @param null|string $apiBase
     *
     * @return string
     */
    public static function resolveApiBase($apiBase)
    {
        if (null === $apiBase || '' === $apiBase) {
            $env = \getenv('PAYSMART_API_BASE');
            $apiBase = (false !== $env && '' !== $env) ? $env : self::DEFAULT_API_BASE;
        }

        return \rtrim($apiBase, '/');
    }
}
