<?php

namespace PaySmart\Tests\Unit;

use PaySmart\Exception;
use PaySmart\PaySmartClient;
use PaySmart\Tests\Support\FlakyHttpClient;
use PaySmart\Tests\Support\StubServer;
use PHPUnit\Framework\TestCase;

/**
 * RetryTest checks the retry rules of the Go SDK (sdk/paysmart/client.go)
 * against a stub server: what is retried, how often, how long it waits, and
 * that every attempt of a call carries the same Idempotency-Key.
 */
final class RetryTest extends TestCase
{
    const UUID_V4 = '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/';

    /** @var StubServer */
    private static $stub;

    public static function setUpBeforeClass(): void
    {
        self::$stub = StubServer::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$stub->stop();
    }

    private static function client(array $config = []): PaySmartClient
    {
        return new PaySmartClient(array_merge([
            'api_key' => 'sk_test_stub',
            'api_base' => self::$stub->url,
            'initial_network_retry_delay' => 0.001,
        ], $config));
    }

    private static function busy(int $status, array $headers = []): array
    {
        return ['status' => $status, 'headers' => $headers, 'body' => ['error' => ['type' => 'api_error', 'message' => 'busy']]];
    }

    private static function payment(): array
    {
        return ['status' => 200, 'body' => ['id' => 'pay_1', 'object' => 'payment', 'status' => 'succeeded', 'amount' => 2000]];
    }

    public function testA503ThenA429ThenSuccessIsSentThreeTimesUnderOneKey(): void
    {
        self::$stub->script([self::busy(503), self::busy(429, ['Retry-After' => '0']), self::payment()]);
        $p = self::client()->payments->create(['amount' => 2000, 'currency' => 'usd']);

        $this->assertSame('pay_1', $p->id);
        $reqs = self::$stub->requests();
        $this->assertCount(3, $reqs);
        $keys = array_column(array_column($reqs, 'headers'), 'idempotency-key');
        $this->assertCount(3, $keys);
        $this->assertMatchesRegularExpression(self::UUID_V4, $keys[0]);
        $this->assertSame([$keys[0], $keys[0], $keys[0]], $keys);
    }

    public function testEachCallHasItsOwnKey(): void
    {
        self::$stub->script([self::payment()]);
        $c = self::client();
        $c->payments->create(['amount' => 1]);
        $c->payments->create(['amount' => 1]);
        $reqs = self::$stub->requests();
        $this->assertNotSame($reqs[0]['headers']['idempotency-key'], $reqs[1]['headers']['idempotency-key']);
    }

    public function testAConflictIsRetried(): void
    {
        self::$stub->script([
            ['status' => 409, 'body' => ['error' => ['type' => 'idempotency_error', 'message' => 'still running']]],
            self::payment(),
        ]);
        $this->assertSame('pay_1', self::client()->payments->capture('pay_1')->id);
        $this->assertCount(2, self::$stub->requests());
    }

    public function testRetriesStopAfterMaxNetworkRetries(): void
    {
        self::$stub->script([self::busy(503, ['Request-Id' => 'req_busy'])]);
        try {
            self::client()->payments->create(['amount' => 2000]);
            $this->fail('no exception');
        } catch (Exception\UnknownApiErrorException $e) {
            $this->assertSame(503, $e->getHttpStatus());
            $this->assertSame('api_error', $e->getErrorType());
            $this->assertSame('req_busy', $e->getRequestId());
        }
        $this->assertCount(3, self::$stub->requests()); // the call and 2 retries
    }

    public function testMaxNetworkRetriesIsConfigurable(): void
    {
        self::$stub->script([self::busy(500)]);
        try {
            self::client(['max_network_retries' => 0])->customers->retrieve('cus_1');
            $this->fail('no exception');
        } catch (Exception\UnknownApiErrorException $e) {
            $this->assertSame(500, $e->getHttpStatus());
        }
        $this->assertCount(1, self::$stub->requests());

        self::$stub->script([self::busy(502), self::busy(502), self::busy(502), self::busy(502), self::payment()]);
        $this->assertSame('pay_1', self::client(['max_network_retries' => 4])->payments->retrieve('pay_1')->id);
        $this->assertCount(5, self::$stub->requests());
    }

    public function testARateLimitThatLastsIsARateLimitException(): void
    {
        self::$stub->script([['status' => 429, 'headers' => ['Retry-After' => '0'],
            'body' => ['error' => ['type' => 'rate_limit_error', 'code' => 'rate_limit', 'message' => 'Too many requests.']]]]);
        $this->expectException(Exception\RateLimitException::class);
        self::client()->customers->all();
    }

    public function testClientErrorsAreNotRetried(): void
    {
        self::$stub->script([['status' => 400, 'headers' => ['Request-Id' => 'req_42'], 'body' => ['error' => [
            'type' => 'invalid_request_error', 'code' => 'parameter_missing', 'param' => 'amount',
            'message' => 'Missing required param: amount.']]]]);
        try {
            self::client()->payments->create([]);
            $this->fail('no exception');
        } catch (Exception\InvalidRequestException $e) {
            $this->assertSame('parameter_missing', $e->getPaysmartCode());
            $this->assertSame('amount', $e->getParam());
            $this->assertSame('req_42', $e->getRequestId());
            $this->assertSame(400, $e->getHttpStatus());
        }
        $this->assertCount(1, self::$stub->requests());

        foreach ([401, 402, 403, 404] as $status) {
            self::$stub->script([['status' => $status, 'body' => ['error' => ['type' => 'x', 'message' => 'no']]]]);
            try {
                self::client()->payments->create(['amount' => 1]);
                $this->fail('no exception');
            } catch (Exception\ApiErrorException $e) {
                $this->assertSame($status, $e->getHttpStatus());
            }
            $this->assertCount(1, self::$stub->requests(), "status {$status}");
        }
    }

    public function testRetryAfterIsHonoured(): void
    {
        self::$stub->script([self::busy(429, ['Retry-After' => '1']), self::payment()]);
        $start = microtime(true);
        self::client()->payments->create(['amount' => 2000]);
        $reqs = self::$stub->requests();
        $this->assertCount(2, $reqs);
        $this->assertGreaterThanOrEqual(0.95, $reqs[1]['time'] - $reqs[0]['time']);
        $this->assertLessThan(5, microtime(true) - $start);
    }

    public function testBackoffDoublesWithJitterUpToTheCap(): void
    {
        $r = self::client(['initial_network_retry_delay' => 0.5, 'max_network_retry_delay' => 8.0])->getRequestor();
        foreach ([0 => 0.5, 1 => 1.0, 2 => 2.0, 3 => 4.0] as $attempt => $base) {
            for ($i = 0; $i < 20; ++$i) {
                $d = $r->retryDelay($attempt, null);
                $this->assertGreaterThanOrEqual($base, $d);
                $this->assertLessThanOrEqual(min($base * 1.5, 8.0), $d);
            }
        }
        $this->assertSame(8.0, $r->retryDelay(10, null));
        $this->assertSame(3.0, $r->retryDelay(0, '3'));
        $this->assertSame(0.0, $r->retryDelay(5, ' 0 '));
        $this->assertSame(60.0, $r->retryDelay(0, '3600'));
        $inTwo = gmdate('D, d M Y H:i:s', time() + 2) . ' GMT';
        $this->assertEqualsWithDelta(2.0, $r->retryDelay(0, $inTwo), 1.01);
        $this->assertSame(0.0, $r->retryDelay(0, 'Thu, 01 Jan 1970 00:00:00 GMT'));
    }

    public function testANetworkErrorIsRetriedUnderTheSameKey(): void
    {
        self::$stub->script([self::payment()]);
        $flaky = new FlakyHttpClient(2);
        $p = self::client(['http_client' => $flaky])->payments->create(['amount' => 2000], ['idempotency_key' => 'order-7']);
        $this->assertSame('pay_1', $p->id);
        $this->assertCount(3, $flaky->attempts);
        foreach ($flaky->attempts as $headers) {
            $this->assertContains('Idempotency-Key: order-7', $headers);
        }
        $this->assertSame('order-7', self::$stub->requests()[0]['headers']['idempotency-key']);
    }

    public function testAnUnreachableServerIsAnApiConnectionExceptionAfterTheRetries(): void
    {
        $flaky = new FlakyHttpClient(100);
        try {
            self::client(['http_client' => $flaky])->payments->create(['amount' => 1]);
            $this->fail('no exception');
        } catch (Exception\ApiConnectionException $e) {
            $this->assertNull($e->getHttpStatus());
            $this->assertStringContainsString('retried 2 times', $e->getMessage());
        }
        $this->assertCount(3, $flaky->attempts);

        $port = StubServer::freePort(); // nothing listens there
        $start = microtime(true);
        try {
            self::client(['api_base' => "http://127.0.0.1:{$port}/v2"])->payments->retrieve('pay_1');
            $this->fail('no exception');
        } catch (Exception\ApiConnectionException $e) {
            $this->assertInstanceOf(Exception\ApiErrorException::class, $e);
            $this->assertStringContainsString("127.0.0.1:{$port}", $e->getMessage());
        }
        $this->assertLessThan(5, microtime(true) - $start);
    }
}
