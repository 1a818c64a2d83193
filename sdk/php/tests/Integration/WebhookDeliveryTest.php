<?php

namespace PaySmart\Tests\Integration;

use PaySmart\Event;
use PaySmart\Exception\SignatureVerificationException;
use PaySmart\Payment;
use PaySmart\Tests\Support\IntegrationTestCase;
use PaySmart\Webhook;

/**
 * WebhookDeliveryTest verifies a webhook the server really delivered to the
 * harness seconds before (a payment.succeeded event).
 */
final class WebhookDeliveryTest extends IntegrationTestCase
{
    const WEBHOOK_ENV = ['PAYSMART_TEST_WEBHOOK_SECRET', 'PAYSMART_TEST_WEBHOOK_PAYLOAD', 'PAYSMART_TEST_WEBHOOK_SIGNATURE'];

    protected function setUp(): void
    {
        parent::setUp();
        $this->requireEnv(self::WEBHOOK_ENV);
    }

    public function testTheDeliveredWebhookVerifies(): void
    {
        $event = Webhook::constructEvent(getenv('PAYSMART_TEST_WEBHOOK_PAYLOAD'),
            getenv('PAYSMART_TEST_WEBHOOK_SIGNATURE'), getenv('PAYSMART_TEST_WEBHOOK_SECRET'));

        $this->assertInstanceOf(Event::class, $event);
        $this->assertSame('payment.succeeded', $event->type);
        $this->assertStringStartsWith('evt_', $event->id);
        $this->assertInstanceOf(Payment::class, $event->data->object);
        $this->assertSame('succeeded', $event->data->object->status);
        $this->assertSame($event->id, Event::retrieve($event->id)->id); // the same merchant's event
    }

    public function testATamperedWebhookIsRefused(): void
    {
        $payload = getenv('PAYSMART_TEST_WEBHOOK_PAYLOAD');
        $i = intdiv(strlen($payload), 2);
        $payload[$i] = 'x' === $payload[$i] ? 'y' : 'x'; // one byte changed

        try {
            Webhook::constructEvent($payload, getenv('PAYSMART_TEST_WEBHOOK_SIGNATURE'), getenv('PAYSMART_TEST_WEBHOOK_SECRET'));
            $this->fail('a tampered payload was accepted');
        } catch (SignatureVerificationException $e) {
            $this->assertSame(SignatureVerificationException::NO_VALID_SIGNATURE, $e->getReason());
        }

        try {
            Webhook::constructEvent(getenv('PAYSMART_TEST_WEBHOOK_PAYLOAD'), getenv('PAYSMART_TEST_WEBHOOK_SIGNATURE'), 'whsec_wrong');
            $this->fail('a wrong secret was accepted');
        } catch (SignatureVerificationException $e) {
            $this->assertSame(SignatureVerificationException::NO_VALID_SIGNATURE, $e->getReason());
        }
    }
}
