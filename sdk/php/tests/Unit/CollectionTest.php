<?php

namespace PaySmart\Tests\Unit;

use PaySmart\Collection;
use PaySmart\Customer;
use PaySmart\PaySmartClient;
use PaySmart\Tests\Support\StubServer;
use PHPUnit\Framework\TestCase;

/**
 * CollectionTest checks auto-pagination against a stub that serves pages.
 */
final class CollectionTest extends TestCase
{
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

    private static function page(array $ids, bool $hasMore): array
    {
        $data = array_map(static function ($id) {
            return ['id' => $id, 'object' => 'customer'];
        }, $ids);

        return ['status' => 200, 'body' => ['object' => 'list', 'data' => $data, 'has_more' => $hasMore, 'url' => '/v2/customers']];
    }

    private static function client(): PaySmartClient
    {
        return new PaySmartClient(['api_key' => 'sk_test_stub', 'api_base' => self::$stub->url]);
    }

    public function testAutoPagingWalksEveryPageWithTheSameFilters(): void
    {
        self::$stub->script([self::page(['c5', 'c4'], true), self::page(['c3', 'c2'], true), self::page(['c1'], false)]);
        $list = self::client()->customers->all(['limit' => 2, 'email' => 'a@b.example'], ['api_key' => 'sk_test_opt']);

        $this->assertInstanceOf(Collection::class, $list);
        $this->assertCount(2, $list->data);
        $this->assertTrue($list->has_more);
        $this->assertSame('/v2/customers', $list->url);
        $this->assertSame(['c5', 'c4'], array_map(function ($c) { return $c->id; }, iterator_to_array($list)));

        $ids = [];
        foreach ($list->autoPagingIterator() as $c) {
            $this->assertInstanceOf(Customer::class, $c);
            $ids[] = $c->id;
        }
        $this->assertSame(['c5', 'c4', 'c3', 'c2', 'c1'], $ids);

        $uris = array_column(self::$stub->requests(), 'uri');
        $this->assertSame([
            '/v2/customers?limit=2&email=a%40b.example',
            '/v2/customers?limit=2&email=a%40b.example&starting_after=c4',
            '/v2/customers?limit=2&email=a%40b.example&starting_after=c2',
        ], $uris);
        foreach (self::$stub->requests() as $r) {
            $this->assertSame('Bearer sk_test_opt', $r['headers']['authorization']); // options carry over
        }
    }

    public function testAnEmptyPageEndsTheWalk(): void
    {
        self::$stub->script([self::page(['c1'], true), self::page([], true)]);
        $ids = [];
        foreach (self::client()->customers->all()->autoPagingIterator() as $c) {
            $ids[] = $c->id;
        }
        $this->assertSame(['c1'], $ids);
        $this->assertCount(2, self::$stub->requests());
    }

    public function testEndingBeforeWalksBackwards(): void
    {
        self::$stub->script([self::page(['c4', 'c3'], true), self::page(['c6', 'c5'], false)]);
        $ids = [];
        foreach (self::client()->customers->all(['ending_before' => 'c2', 'limit' => 2])->autoPagingIterator() as $c) {
            $ids[] = $c->id;
        }
        $this->assertSame(['c3', 'c4', 'c5', 'c6'], $ids);
        $this->assertSame('/v2/customers?ending_before=c4&limit=2', self::$stub->requests()[1]['uri']);
    }

    public function testNextPage(): void
    {
        self::$stub->script([self::page(['c2'], true), self::page(['c1'], false)]);
        $first = self::client()->customers->all(['limit' => 1]);
        $next = $first->nextPage();
        $this->assertSame('c1', $next->first()->id);
        $this->assertTrue($next->nextPage()->isEmpty());
        $this->assertCount(2, self::$stub->requests());
    }
}
