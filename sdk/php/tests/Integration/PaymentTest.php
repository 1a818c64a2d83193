<?php

namespace PaySmart\Tests\Integration;

use PaySmart\Collection;
use PaySmart\Customer;
use PaySmart\Exception;
use PaySmart\Payment;
use PaySmart\PaySmartClient;
use PaySmart\Tests\Support\IntegrationTestCase;

/**
 * PaymentTest charges cards on the real server.
 */
final class PaymentTest extends IntegrationTestCase
{
    public function testTheDocumentsQuickExample(): void
    {
        // As the API document writes it; only the key, the expiry year and
        // the base URL are changed.
        \PaySmart\PaySmart::setApiKey(getenv('PAYSMART_TEST_SECRET_KEY'));
        \PaySmart\PaySmart::setApiBase(getenv('PAYSMART_API_BASE'));
        $payment = \PaySmart\Payment::create([
            'amount' => 2000,
            'currency' => 'usd',
            'payment_method' => [
                'type' => 'card',
                'card' => [
                    'number' => '4242424242424242',
                    'exp_month' => 12,
                    'exp_year' => 2030,
                    'cvc' => '123'
                ]
            ]
        ]);

        $this->assertInstanceOf(Payment::class, $payment);
        $this->assertSame('succeeded', $payment->status);
        $this->assertSame(2000, $payment->amount);
        $this->assertSame('usd', $payment['currency']);
        $this->assertSame('visa', $payment->payment_method->card->brand);
        $this->assertSame('4242', $payment->payment_method->card->last4);
        $this->assertMatchesRegularExpression('/^pay_[0-9a-f]{32}$/', $payment->id);
        $this->assertNotEmpty($payment->getLastResponse()->requestId());
    }

    public function testADeclinedCardIsACardException(): void
    {
        try {
            Payment::create(['amount' => 2000, 'currency' => 'usd', 'payment_method' => self::card('4000000000009995')]);
            $this->fail('the card was not declined');
        } catch (Exception\CardException $e) {
            $this->assertSame(402, $e->getHttpStatus());
            $this->assertSame('card_error', $e->getErrorType());
            $this->assertSame('card_declined', $e->getPaysmartCode());
            $this->assertSame('insufficient_funds', $e->getDeclineCode());
            $this->assertNotEmpty($e->getMessage());
            $this->assertStringStartsWith('req_', $e->getRequestId());
            $this->assertInstanceOf(Payment::class, $e->getPayment());
            $this->assertSame('failed', $e->getPayment()->status);
            $this->assertSame($e->getPayment()->id, Payment::retrieve($e->getPayment()->id)->id);
        }
    }

    public function testRetrieveUpdateAndList(): void
    {
        $customer = Customer::create(['email' => self::runId() . '@example.com']);
        $p = Payment::create(['amount' => 1234, 'currency' => 'eur', 'customer' => $customer->id,
            'payment_method' => self::card('5555555555554444')]);

        $got = Payment::retrieve($p->id);
        $this->assertSame($p->id, $got->id);
        $this->assertSame(1234, $got->amount);
        $this->assertSame($customer->id, $got->customer);

        $expanded = Payment::retrieve(['id' => $p->id, 'expand' => ['customer']]);
        $this->assertInstanceOf(Customer::class, $expanded->customer);
        $this->assertSame($customer->email, $expanded->customer->email);

        $updated = Payment::update($p->id, ['description' => 'Order #42', 'metadata' => ['order' => '42']]);
        $this->assertSame('Order #42', $updated->description);
        $this->assertSame('42', $updated->metadata->order);

        $list = Payment::all(['customer' => $customer->id, 'limit' => 10]);
        $this->assertInstanceOf(Collection::class, $list);
        $this->assertFalse($list->has_more);
        $this->assertCount(1, $list->data);
        $this->assertInstanceOf(Payment::class, $list->data[0]);
        $this->assertSame($p->id, $list->data[0]->id);

        $page = Payment::all(['limit' => 1]);
        $this->assertCount(1, $page->data);
        $this->assertTrue($page->has_more);
    }

    public function testCaptureAndCancelAnAuthorisation(): void
    {
        $p = Payment::create(['amount' => 2000, 'currency' => 'usd', 'capture' => false,
            'payment_method' => self::card('4242424242424242')]);
        $this->assertSame('requires_capture', $p->status);
        $captured = Payment::capture($p->id, ['amount' => 1500]);
        $this->assertSame('succeeded', $captured->status);
        $this->assertSame(1500, $captured->amount_captured);

        $p = Payment::create(['amount' => 700, 'currency' => 'usd', 'capture' => false,
            'payment_method' => self::card('4242424242424242')]);
        $this->assertSame('requires_capture', $p->status);
        $canceled = Payment::cancel($p->id);
        $this->assertSame('canceled', $canceled->status);

        try {
            Payment::capture($p->id);
            $this->fail('captured a canceled payment');
        } catch (Exception\InvalidRequestException $e) {
            $this->assertSame(400, $e->getHttpStatus());
        }
    }

    public function testTheSameIdempotencyKeyReplaysTheFirstAnswer(): void
    {
        $key = 'php-' . self::runId();
        $params = ['amount' => 999, 'currency' => 'usd', 'payment_method' => self::card('4242424242424242')];
        $first = Payment::create($params, ['idempotency_key' => $key]);
        $again = Payment::create($params, ['idempotency_key' => $key]);
        $this->assertSame($first->id, $again->id);
        $this->assertFalse($first->getLastResponse()->idempotentReplayed());
        $this->assertTrue($again->getLastResponse()->idempotentReplayed());

        $this->expectException(Exception\IdempotencyException::class);
        Payment::create(array_merge($params, ['amount' => 1000]), ['idempotency_key' => $key]);
    }

    public function testABadParameterIsAnInvalidRequestExceptionNamingIt(): void
    {
        try {
            Payment::create(['amount' => -1, 'currency' => 'usd', 'payment_method' => self::card('4242424242424242')]);
            $this->fail('no exception');
        } catch (Exception\InvalidRequestException $e) {
            $this->assertSame(400, $e->getHttpStatus());
            $this->assertSame('invalid_request_error', $e->getErrorType());
            $this->assertSame('amount', $e->getParam());
            $this->assertNotEmpty($e->getPaysmartCode());
            $this->assertStringStartsWith('req_', $e->getRequestId());
            $this->assertSame('amount', $e->getJsonBody()['error']['param']);
        }

        try {
            Payment::retrieve('pay_00000000000000000000000000000000');
            $this->fail('no exception');
        } catch (Exception\InvalidRequestException $e) {
            $this->assertSame(404, $e->getHttpStatus());
            $this->assertSame('resource_missing', $e->getPaysmartCode());
        }
    }

    public function testABadKeyIsAnAuthenticationException(): void
    {
        $client = new PaySmartClient(['api_key' => 'sk_test_not_a_real_key', 'api_base' => $this->apiBase]);
        try {
            $client->payments->all();
            $this->fail('no exception');
        } catch (Exception\AuthenticationException $e) {
            $this->assertSame(401, $e->getHttpStatus());
            $this->assertSame('authentication_error', $e->getErrorType());
            $this->assertStringStartsWith('req_', $e->getRequestId());
        }
    }

    public function testAPublishableKeyMayOnlyTokeniseCards(): void
    {
        $this->expectException(Exception\PermissionException::class);
        Payment::all(null, ['api_key' => $this->publishableKey]);
    }

    public function testTheClientAndItsServices(): void
    {
        $client = new PaySmartClient(['api_key' => $this->secretKey, 'api_base' => $this->apiBase]);
        $p = $client->payments->create(['amount' => 2000, 'currency' => 'usd', 'payment_method' => self::card('4242424242424242')]);
        $this->assertInstanceOf(Payment::class, $p);
        $this->assertSame('succeeded', $p->status);
        $this->assertSame($p->id, $client->payments->retrieve($p->id)->id);
    }
}
