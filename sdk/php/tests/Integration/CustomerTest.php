<?php

namespace PaySmart\Tests\Integration;

use PaySmart\Customer;
use PaySmart\Exception;
use PaySmart\Tests\Support\IntegrationTestCase;

/**
 * CustomerTest manages customers and walks a long list of them.
 */
final class CustomerTest extends IntegrationTestCase
{
    public function testCreateRetrieveUpdateDelete(): void
    {
        $email = self::runId() . '@example.com';
        $c = Customer::create([
            'email' => $email,
            'name' => 'John Doe',
            'phone' => '+1234567890',
            'address' => ['line1' => '123 Main St', 'city' => 'San Francisco', 'state' => 'CA',
                'postal_code' => '94111', 'country' => 'US'],
            'metadata' => ['crm' => '7'],
        ]);
        $this->assertInstanceOf(Customer::class, $c);
        $this->assertStringStartsWith('cus_', $c->id);
        $this->assertSame('San Francisco', $c->address->city);
        $this->assertNull($c->address->line2);

        $got = Customer::retrieve($c->id);
        $this->assertSame($email, $got->email);
        $this->assertSame('7', $got->metadata['crm']);

        $updated = Customer::update($c->id, ['name' => 'Jane Doe', 'metadata' => ['tier' => 'gold']]);
        $this->assertSame('Jane Doe', $updated->name);
        $this->assertSame('gold', $updated->metadata->tier);

        $deleted = Customer::delete($c->id);
        $this->assertSame($c->id, $deleted->id);
        $this->assertTrue($deleted->deleted);
        $this->assertTrue(Customer::retrieve($c->id)->deleted);
    }

    public function testAutoPagingWalks250Customers(): void
    {
        $email = self::runId() . '@example.com';
        $created = [];
        for ($i = 0; $i < 250; ++$i) {
            $created[Customer::create(['email' => $email, 'name' => "Customer {$i}"])->id] = true;
        }
        $this->assertCount(250, $created);

        $list = Customer::all(['email' => $email, 'limit' => 100]);
        $this->assertCount(100, $list->data);
        $this->assertTrue($list->has_more);

        $seen = [];
        foreach ($list->autoPagingIterator() as $customer) {
            $this->assertInstanceOf(Customer::class, $customer);
            $this->assertSame($email, $customer->email);
            $this->assertArrayNotHasKey($customer->id, $seen, 'a customer came twice');
            $seen[$customer->id] = true;
        }
        $this->assertCount(250, $seen);
        $this->assertSame([], array_diff_key($created, $seen));
    }

    public function testAMissingCustomerIsAnInvalidRequest(): void
    {
        $this->expectException(Exception\InvalidRequestException::class);
        Customer::retrieve('cus_doesnotexist');
    }
}
