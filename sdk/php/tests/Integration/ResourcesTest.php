<?php

namespace PaySmart\Tests\Integration;

use PaySmart\Customer;
use PaySmart\Event;
use PaySmart\Payment;
use PaySmart\PaymentMethod;
use PaySmart\Refund;
use PaySmart\Subscription;
use PaySmart\WebhookEndpoint;
use PaySmart\Tests\Support\IntegrationTestCase;

/**
 * ResourcesTest goes through refunds, payment methods, events, webhook
 * endpoints and subscriptions on the real server.
 */
final class ResourcesTest extends IntegrationTestCase
{
    public function testRefundAPayment(): void
    {
        $p = Payment::create(['amount' => 2000, 'currency' => 'usd', 'payment_method' => self::card('4242424242424242')]);
        $r = Refund::create(['payment' => $p->id, 'amount' => 500, 'reason' => 'requested_by_customer']);
        $this->assertInstanceOf(Refund::class, $r);
        $this->assertStringStartsWith('re_', $r->id);
        $this->assertSame(500, $r->amount);
        $this->assertSame($p->id, $r->payment);
        $this->assertContains($r->status, ['pending', 'succeeded']);

        $this->assertSame($r->id, Refund::retrieve($r->id)->id);
        $expanded = Refund::retrieve(['id' => $r->id, 'expand' => ['payment']]);
        $this->assertInstanceOf(Payment::class, $expanded->payment);

        $list = Refund::all(['payment' => $p->id]);
        $this->assertSame([$r->id], array_map(function ($x) { return $x->id; }, $list->data));
        $this->assertSame(500, Payment::retrieve($p->id)->amount_refunded);
    }

    public function testTokeniseACardAndPayWithIt(): void
    {
        // A publishable key may tokenise a card (the one call it may make).
        $pm = PaymentMethod::create(['type' => 'card', 'card' => ['number' => '4242424242424242',
            'exp_month' => 12, 'exp_year' => 2030, 'cvc' => '123']], ['api_key' => $this->publishableKey]);
        $this->assertInstanceOf(PaymentMethod::class, $pm);
        $this->assertStringStartsWith('pm_', $pm->id);

        $got = PaymentMethod::retrieve($pm->id);
        $this->assertSame('4242', $got->card->last4);
        $this->assertSame('visa', $got->card->brand);

        $p = Payment::create(['amount' => 300, 'currency' => 'usd', 'payment_method' => $pm->id]);
        $this->assertSame('succeeded', $p->status);
        $this->assertSame($pm->id, $p->payment_method->id);
    }

    public function testRetrieveAnEvent(): void
    {
        $p = Payment::create(['amount' => 2000, 'currency' => 'usd', 'payment_method' => self::card('4242424242424242')]);
        $found = null;
        foreach (Event::all(['type' => 'payment.succeeded', 'limit' => 20])->autoPagingIterator() as $ev) {
            if ($ev->data->object->id === $p->id) {
                $found = $ev;
                break;
            }
        }
        $this->assertNotNull($found, 'no payment.succeeded event for the payment');

        $ev = Event::retrieve($found->id);
        $this->assertInstanceOf(Event::class, $ev);
        $this->assertSame('payment.succeeded', $ev->type);
        $this->assertInstanceOf(Payment::class, $ev->data->object);
        $this->assertSame($p->id, $ev->data->object->id);
        $this->assertFalse($ev->livemode);
    }

    public function testWebhookEndpointLifecycle(): void
    {
        // Nothing listens on port 9: the endpoint only exists for the test.
        $we = WebhookEndpoint::create(['url' => 'http://127.0.0.1:9/paysmart-php-hook',
            'enabled_events' => ['refund.created'], 'description' => 'PHP SDK test']);
        $this->assertInstanceOf(WebhookEndpoint::class, $we);
        $this->assertStringStartsWith('whsec_', $we->secret);
        $this->assertSame(['refund.created'], $we->enabled_events);

        $got = WebhookEndpoint::retrieve($we->id);
        $this->assertSame($we->url, $got->url);
        $this->assertNull($got->secret);

        $updated = WebhookEndpoint::update($we->id, ['description' => 'renamed', 'disabled' => true]);
        $this->assertSame('renamed', $updated->description);
        $this->assertSame('disabled', $updated->status);

        $ids = [];
        foreach (WebhookEndpoint::all()->autoPagingIterator() as $x) {
            $ids[] = $x->id;
        }
        $this->assertContains($we->id, $ids);

        $deleted = WebhookEndpoint::delete($we->id);
        $this->assertTrue($deleted->deleted);
        $this->assertSame($we->id, $deleted->id);
    }

    public function testSubscriptionLifecycle(): void
    {
        $customer = Customer::create(['email' => self::runId() . '@example.com']);
        $pm = PaymentMethod::create(['card' => ['number' => '4242424242424242', 'exp_month' => 12, 'exp_year' => 2030],
            'customer' => $customer->id]);
        $this->assertSame($customer->id, $pm->customer);

        $sub = Subscription::create(['customer' => $customer->id, 'payment_method' => $pm->id, 'amount' => 1500,
            'currency' => 'usd', 'interval' => 'month', 'total_payments' => 12]);
        $this->assertInstanceOf(Subscription::class, $sub);
        $this->assertStringStartsWith('sub_', $sub->id);
        $this->assertSame('active', $sub->status);
        $this->assertSame(12, $sub->total_payments);

        $this->assertSame($sub->id, Subscription::retrieve($sub->id)->id);
        $updated = Subscription::update($sub->id, ['metadata' => ['plan' => 'pro']]);
        $this->assertSame('pro', $updated->metadata->plan);

        $list = Subscription::all(['customer' => $customer->id]);
        $this->assertSame([$sub->id], array_map(function ($x) { return $x->id; }, $list->data));

        $canceled = Subscription::cancel($sub->id);
        $this->assertSame('canceled', $canceled->status);
        $this->assertNotNull($canceled->canceled_at);
    }
}
