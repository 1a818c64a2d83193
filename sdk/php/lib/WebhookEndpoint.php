<?php

namespace PaySmart;

/**
 * WebhookEndpoint is a URL events are sent to. ->secret (whsec_...) is set
 * only in the answers to create and rollSecret.
 *
 * @property string $id
 * @property string $url
 * @property string[] $enabled_events
 * @property null|string $description
 * @property string $status
 * @property null|string $secret
 * @property PaySmartObject $metadata
 * @property bool $livemode
 * @property int $created
 * @property null|int $failing_since
 * @property null|int $flagged_at
 */
class WebhookEndpoint extends ApiResource
{
    const OBJECT_NAME = 'webhook_endpoint';
    const SERVICE = 'webhookEndpoints';

    use ApiOperations\All;
    use ApiOperations\Create;
    use ApiOperations\Delete;
    use ApiOperations\Retrieve;
    use ApiOperations\Update;

    /**
     * rollSecret gives an endpoint a new secret; the old one keeps signing
     * for ['expires_in' => seconds] (at most 86400).
     *
     * @param string $id
     * @param null|array $params
     * @param null|array|string $opts
     *
     * @return WebhookEndpoint
     */
    public static function rollSecret($id, $params = null, $opts = null)
    {
        return static::service()->rollSecret($id, $params, $opts);
    }
}
