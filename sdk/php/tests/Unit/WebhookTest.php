<?php

namespace PaySmart\Tests\Unit;

use PaySmart\Event;
use PaySmart\Exception\SignatureVerificationException;
use PaySmart\Exception\UnexpectedValueException;
use PaySmart\Payment;
use PaySmart\Webhook;
use PaySmart\WebhookSignature;
use PHPUnit\Framework\TestCase;

/**
 * WebhookTest runs the vectors every PaySmart library shares
 * (sdk/testdata/webhook_vectors.json), then constructEvent's own cases.
 */
final class WebhookTest extends TestCase
{
    const VECTORS = __DIR__ . '/../../../testdata/webhook_vectors.json';

    public function vectors(): array
    {
        $file = json_decode(file_get_contents(self::VECTORS), true);
        $cases = [];
        foreach ($file['cases'] as $c) {
            $cases[$c['name']] = [$c, $c['tolerance'] ?? $file['tolerance']];
        }

        return $cases;
    }

    /** @dataProvider vectors */
    public function testSharedVector(array $c, int $tolerance): void
    {
        try {
            $event = Webhook::constructEvent($c['payload'], $c['header'], $c['secret'], $tolerance, $c['now']);
            $this->assertTrue($c['valid'], 'accepted, want ' . ($c['error'] ?? ''));
            $this->assertInstanceOf(Event::class, $event);
            $this->assertSame(json_decode($c['payload'], true)['id'], $event->id);
        } catch (SignatureVerificationException $e) {
            $this->assertFalse($c['valid'], 'refused: ' . $e->getMessage());
            $this->assertSame($c['error'], $e->getReason(), $e->getMessage());
            $this->assertSame($c['payload'], $e->getHttpBody());
            $this->assertSame($c['header'], $e->getSigHeader());
        }
    }

    public function testTheVectorsAreThere(): void
    {
        $this->assertGreaterThanOrEqual(10, count($this->vectors()));
    }

    public function testASignedEventDecodes(): void
    {
        $payload = '{"id":"evt_1","object":"event","type":"payment.succeeded","data":{"object":{"id":"pay_1","object":"payment","status":"succeeded"}}}';
        $header = WebhookSignature::generateHeader($payload, 'whsec_x');
        $event = Webhook::constructEvent($payload, $header, 'whsec_x');
        $this->assertSame(Event::PAYMENT_SUCCEEDED, $event->type);
        $this->assertInstanceOf(Payment::class, $event->data->object);
        $this->assertSame('succeeded', $event->data->object->status);

        // Both secrets of a roll verify.
        $header = WebhookSignature::generateHeader($payload, ['whsec_new', 'whsec_old'], time());
        $this->assertTrue(WebhookSignature::verifyHeader($payload, $header, 'whsec_old'));
        $this->assertTrue(WebhookSignature::verifyHeader($payload, $header, 'whsec_new'));
    }

    public function testTheDefaultToleranceIsFiveMinutes(): void
    {
        $payload = '{"id":"evt_1","object":"event"}';
        $header = WebhookSignature::generateHeader($payload, 'whsec_x', time() - 290);
        $this->assertTrue(WebhookSignature::verifyHeader($payload, $header, 'whsec_x'));
        $header = WebhookSignature::generateHeader($payload, 'whsec_x', time() - 400);
        try {
            Webhook::constructEvent($payload, $header, 'whsec_x');
            $this->fail('accepted an old signature');
        } catch (SignatureVerificationException $e) {
            $this->assertSame(SignatureVerificationException::TOO_OLD, $e->getReason());
        }
        $this->assertTrue(WebhookSignature::verifyHeader($payload, $header, 'whsec_x', 600));
    }

    public function testASignedBodyThatIsNotJsonIsAnUnexpectedValue(): void
    {
        $header = WebhookSignature::generateHeader('not json', 'whsec_x');
        $this->expectException(UnexpectedValueException::class);
        Webhook::constructEvent('not json', $header, 'whsec_x');
    }

    public function testAMissingHeaderIsInvalid(): void
    {
        try {
            Webhook::constructEvent('{}', null, 'whsec_x');
            $this->fail('accepted');
        } catch (SignatureVerificationException $e) {
            $this->assertSame(SignatureVerificationException::INVALID_HEADER, $e->getReason());
        }
    }
}
