<?php

namespace PaySmart\Tests\Unit;

use PaySmart\Exception;
use PaySmart\Payment;
use PaySmart\PaySmart;
use PaySmart\PaySmartClient;
use PaySmart\Tests\Support\StubServer;
use PaySmart\Util\Util;
use PHPUnit\Framework\TestCase;

/**
 * RequestTest checks what goes on the wire: method, path, headers, the JSON
 * body, the query string, and where the base URL and key come from.
 */
final class RequestTest extends TestCase
{
    /** @var StubServer */
    private static $stub;

    /** @var false|string */
    private $envBase;

    public static function setUpBeforeClass(): void
    {
        self::$stub = StubServer::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$stub->stop();
    }

    protected function setUp(): void
    {
        $this->envBase = getenv('PAYSMART_API_BASE');
        self::$stub->script([['status' => 200, 'body' => ['id' => 'pay_1', 'object' => 'payment']]]);
    }

    protected function tearDown(): void
    {
        PaySmart::setApiKey(null);
        PaySmart::setApiBase(null);
        PaySmart::setMaxNetworkRetries(2);
        false === $this->envBase ? putenv('PAYSMART_API_BASE') : putenv('PAYSMART_API_BASE=' . $this->envBase);
    }

    private static function client(): PaySmartClient
    {
        return new PaySmartClient(['api_key' => 'sk_test_stub', 'api_base' => self::$stub->url]);
    }

    private static function last(): array
    {
        $reqs = self::$stub->requests();

        return end($reqs);
    }

    public function testAPostSendsJsonWithTheHeaders(): void
    {
        self::client()->payments->create([
            'amount' => 2000, 'currency' => 'usd', 'capture' => false, 'metadata' => [],
            'payment_method' => ['type' => 'card', 'card' => ['number' => '4242424242424242', 'exp_month' => 12]],
        ]);
        $r = self::last();
        $this->assertSame('POST', $r['method']);
        $this->assertSame('/v2/payments', $r['uri']);
        $this->assertSame('Bearer sk_test_stub', $r['headers']['authorization']);
        $this->assertStringStartsWith('application/json', $r['headers']['content-type']);
        $this->assertSame('application/json', $r['headers']['accept']);
        $this->assertSame('PaySmart/php ' . PaySmart::VERSION, $r['headers']['user-agent']);
        $this->assertSame('{"amount":2000,"currency":"usd","capture":false,"metadata":{},'
            . '"payment_method":{"type":"card","card":{"number":"4242424242424242","exp_month":12}}}', $r['body']);
    }

    public function testAPostWithoutParametersSendsAnEmptyObject(): void
    {
        self::client()->payments->cancel('pay_1');
        $r = self::last();
        $this->assertSame('/v2/payments/pay_1/cancel', $r['uri']);
        $this->assertSame('{}', $r['body']);
        $this->assertNotEmpty($r['headers']['idempotency-key']);
    }

    public function testAGetHasAQueryInBracketNotationAndNoKey(): void
    {
        self::$stub->script([['status' => 200, 'body' => ['object' => 'list', 'data' => [], 'has_more' => false, 'url' => '/v2/payments']]]);
        self::client()->payments->all(['limit' => 3, 'created' => ['gte' => 100, 'lte' => 200],
            'expand' => ['data.customer'], 'customer' => 'cus a&b', 'ignored' => null]);
        $r = self::last();
        $this->assertSame('GET', $r['method']);
        $this->assertSame('/v2/payments?limit=3&created[gte]=100&created[lte]=200&expand[]=data.customer&customer=cus%20a%26b', $r['uri']);
        $this->assertArrayNotHasKey('idempotency-key', $r['headers']);
        $this->assertArrayNotHasKey('content-type', $r['headers']);
        $this->assertSame('', $r['body']);
    }

    public function testADeleteHasAnIdempotencyKey(): void
    {
        self::$stub->script([['status' => 200, 'body' => ['id' => 'cus_1', 'object' => 'customer', 'deleted' => true]]]);
        $c = self::client()->customers->delete('cus_1');
        $this->assertTrue($c->deleted);
        $r = self::last();
        $this->assertSame('DELETE', $r['method']);
        $this->assertSame('/v2/customers/cus_1', $r['uri']);
        $this->assertNotEmpty($r['headers']['idempotency-key']);
    }

    public function testEveryEndpoint(): void
    {
        $c = self::client();
        $calls = [
            ['POST /v2/payments', function () use ($c) { $c->payments->create(['amount' => 1]); }],
            ['GET /v2/payments/pay_1', function () use ($c) { $c->payments->retrieve('pay_1'); }],
            ['POST /v2/payments/pay_1', function () use ($c) { $c->payments->update('pay_1', ['description' => 'x']); }],
            ['POST /v2/payments/pay_1/capture', function () use ($c) { $c->payments->capture('pay_1'); }],
            ['POST /v2/payments/pay_1/cancel', function () use ($c) { $c->payments->cancel('pay_1'); }],
            ['POST /v2/refunds', function () use ($c) { $c->refunds->create(['payment' => 'pay_1']); }],
            ['GET /v2/refunds/re_1', function () use ($c) { $c->refunds->retrieve('re_1'); }],
            ['POST /v2/customers', function () use ($c) { $c->customers->create(); }],
            ['GET /v2/customers/cus_1', function () use ($c) { $c->customers->retrieve('cus_1'); }],
            ['POST /v2/customers/cus_1', function () use ($c) { $c->customers->update('cus_1', ['name' => 'A']); }],
            ['DELETE /v2/customers/cus_1', function () use ($c) { $c->customers->delete('cus_1'); }],
            ['POST /v2/payment_methods', function () use ($c) { $c->paymentMethods->create(['card' => []]); }],
            ['GET /v2/payment_methods/pm_1', function () use ($c) { $c->paymentMethods->retrieve('pm_1'); }],
            ['GET /v2/events/evt_1', function () use ($c) { $c->events->retrieve('evt_1'); }],
            ['POST /v2/events/evt_1/retry', function () use ($c) { $c->events->retry('evt_1'); }],
            ['POST /v2/webhook_endpoints', function () use ($c) { $c->webhookEndpoints->create(['url' => 'u']); }],
            ['GET /v2/webhook_endpoints/we_1', function () use ($c) { $c->webhookEndpoints->retrieve('we_1'); }],
            ['POST /v2/webhook_endpoints/we_1', function () use ($c) { $c->webhookEndpoints->update('we_1', ['url' => 'u']); }],
            ['DELETE /v2/webhook_endpoints/we_1', function () use ($c) { $c->webhookEndpoints->delete('we_1'); }],
            ['POST /v2/webhook_endpoints/we_1/roll_secret', function () use ($c) { $c->webhookEndpoints->rollSecret('we_1'); }],
            ['POST /v2/subscriptions', function () use ($c) { $c->subscriptions->create(['amount' => 1]); }],
            ['GET /v2/subscriptions/sub_1', function () use ($c) { $c->subscriptions->retrieve('sub_1'); }],
            ['POST /v2/subscriptions/sub_1', function () use ($c) { $c->subscriptions->update('sub_1', ['metadata' => ['a' => 'b']]); }],
            ['DELETE /v2/subscriptions/sub_1', function () use ($c) { $c->subscriptions->cancel('sub_1'); }],
            ['POST /v2/test_helpers/test_clocks', function () use ($c) { $c->testClocks->create(['frozen_time' => 1]); }],
            ['GET /v2/test_helpers/test_clocks/clock_1', function () use ($c) { $c->testClocks->retrieve('clock_1'); }],
            ['DELETE /v2/test_helpers/test_clocks/clock_1', function () use ($c) { $c->testClocks->delete('clock_1'); }],
            ['POST /v2/test_helpers/test_clocks/clock_1/advance', function () use ($c) { $c->testClocks->advance('clock_1', ['frozen_time' => 2]); }],
        ];
        foreach ($calls as list($want, $call)) {
            $call();
            $r = self::last();
            $this->assertSame($want, $r['method'] . ' ' . $r['uri']);
        }

        self::$stub->script([['status' => 200, 'body' => ['object' => 'list', 'data' => [], 'has_more' => false]]]);
        $lists = [
            '/v2/payments' => $c->payments, '/v2/refunds' => $c->refunds, '/v2/customers' => $c->customers,
            '/v2/events' => $c->events, '/v2/webhook_endpoints' => $c->webhookEndpoints,
            '/v2/subscriptions' => $c->subscriptions, '/v2/test_helpers/test_clocks' => $c->testClocks,
        ];
        foreach ($lists as $path => $service) {
            $this->assertInstanceOf(\PaySmart\Collection::class, $service->all());
            $this->assertSame('GET ' . $path, self::last()['method'] . ' ' . self::last()['uri']);
        }
        $c->events->allDeliveries('evt_1', ['limit' => 5]);
        $this->assertSame('/v2/events/evt_1/deliveries?limit=5', self::last()['uri']);
    }

    public function testIdsAreEscapedAndMustNotBeEmpty(): void
    {
        self::client()->payments->retrieve('pay/../1 ?');
        $this->assertSame('/v2/payments/pay%2F..%2F1%20%3F', self::last()['uri']);

        $this->expectException(Exception\InvalidArgumentException::class);
        self::client()->payments->retrieve(' ');
    }

    public function testRequestOptionsOverrideTheKeyAndTheIdempotencyKey(): void
    {
        self::client()->payments->create(['amount' => 1], ['api_key' => 'sk_test_other', 'idempotency_key' => 'order-1']);
        $r = self::last();
        $this->assertSame('Bearer sk_test_other', $r['headers']['authorization']);
        $this->assertSame('order-1', $r['headers']['idempotency-key']);

        self::client()->payments->retrieve('pay_1', null, 'sk_test_string');
        $this->assertSame('Bearer sk_test_string', self::last()['headers']['authorization']);

        $this->expectException(Exception\InvalidArgumentException::class);
        self::client()->payments->retrieve('pay_1', null, ['idempotencykey' => 'typo']);
    }

    public function testStaticResourcesUseTheGlobalConfiguration(): void
    {
        PaySmart::setApiKey('sk_test_global');
        PaySmart::setApiBase(self::$stub->url);
        $p = Payment::retrieve(['id' => 'pay_1', 'expand' => ['customer']]);
        $this->assertInstanceOf(Payment::class, $p);
        $this->assertSame('Bearer sk_test_global', self::last()['headers']['authorization']);
        $this->assertSame('/v2/payments/pay_1?expand[]=customer', self::last()['uri']);

        Payment::capture('pay_1', ['amount' => 500], ['idempotency_key' => 'cap-1']);
        $this->assertSame('/v2/payments/pay_1/capture', self::last()['uri']);
        $this->assertSame('{"amount":500}', self::last()['body']);
        $this->assertSame('cap-1', self::last()['headers']['idempotency-key']);
    }

    public function testTheBaseUrlComesFromTheOptionThenTheEnvironmentThenTheDefault(): void
    {
        putenv('PAYSMART_API_BASE=http://env.example/v2/');
        $this->assertSame('http://opt.example/v2', (new PaySmartClient(['api_base' => 'http://opt.example/v2/']))->getApiBase());
        $this->assertSame('http://env.example/v2', (new PaySmartClient('sk_test_x'))->getApiBase());
        $this->assertSame('http://env.example/v2', PaySmart::getApiBase());
        putenv('PAYSMART_API_BASE');
        $this->assertSame('https://api.paysmart.com/v2', (new PaySmartClient('sk_test_x'))->getApiBase());
        $this->assertSame('https://api.paysmart.com/v2', PaySmart::getApiBase());
        PaySmart::setApiBase('http://set.example/v2');
        $this->assertSame('http://set.example/v2', PaySmart::getApiBase());

        // Per request, too.
        (new PaySmartClient(['api_key' => 'sk_test_x', 'api_base' => 'http://127.0.0.1:1/v2']))
            ->payments->retrieve('pay_1', null, ['api_base' => self::$stub->url]);
        $this->assertSame('/v2/payments/pay_1', self::last()['uri']);
    }

    public function testNoApiKeyIsAnAuthenticationExceptionBeforeAnyRequest(): void
    {
        PaySmart::setApiBase(self::$stub->url);
        try {
            Payment::create(['amount' => 1]);
            $this->fail('no exception');
        } catch (Exception\AuthenticationException $e) {
            $this->assertStringContainsString('setApiKey', $e->getMessage());
        }
        $this->assertCount(0, self::$stub->requests());
    }

    public function testUnknownConfigurationAndServicesAreRefused(): void
    {
        try {
            new PaySmartClient(['apikey' => 'sk']);
            $this->fail('no exception');
        } catch (Exception\InvalidArgumentException $e) {
            $this->assertStringContainsString('apikey', $e->getMessage());
        }
        $this->expectException(Exception\InvalidArgumentException::class);
        self::client()->charges;
    }

    public function testIdempotencyKeysAreUuidV4(): void
    {
        $seen = [];
        for ($i = 0; $i < 50; ++$i) {
            $k = Util::newIdempotencyKey();
            $this->assertMatchesRegularExpression(RetryTest::UUID_V4, $k);
            $seen[$k] = true;
        }
        $this->assertCount(50, $seen);
    }

    public function testEmptyListParametersStayArrays(): void
    {
        $this->assertSame('{"enabled_events":[],"expand":[],"metadata":{},"address":{"line1":"x"}}',
            Util::encodeJson(['enabled_events' => [], 'expand' => [], 'metadata' => [], 'address' => ['line1' => 'x']]));
        $this->assertSame('{}', Util::encodeJson(null));
        $this->assertSame('a=true&b=false&c[d][]=1&c[d][]=2', Util::encodeQuery(['a' => true, 'b' => false, 'c' => ['d' => [1, 2]]]));
    }
}
