<?php

namespace PaySmart\Tests\Unit;

use PaySmart\Customer;
use PaySmart\Event;
use PaySmart\Payment;
use PaySmart\PaySmartObject;
use PaySmart\Refund;
use PaySmart\Util\Util;
use PHPUnit\Framework\TestCase;

/**
 * ObjectTest checks how answers become objects.
 */
final class ObjectTest extends TestCase
{
    const PAYMENT = '{"id":"pay_1","object":"payment","amount":2000,"currency":"usd","status":"succeeded",'
        . '"payment_method":{"id":"pm_1","type":"card","card":{"brand":"visa","last4":"4242"}},'
        . '"customer":{"id":"cus_1","object":"customer","email":"a@b.example","metadata":{}},'
        . '"description":null,"metadata":{"order":"42"},"next_action":null,"refunded":false}';

    public function testFieldsReadAsPropertiesAndArrayEntries(): void
    {
        $p = Util::convertToPaySmartObject(json_decode(self::PAYMENT));
        $this->assertInstanceOf(Payment::class, $p);
        $this->assertSame('pay_1', $p->id);
        $this->assertSame(2000, $p['amount']);
        $this->assertSame('visa', $p->payment_method->card->brand);
        $this->assertSame('4242', $p['payment_method']['card']['last4']);
        $this->assertInstanceOf(Customer::class, $p->customer);
        $this->assertSame('42', $p->metadata['order']);
        $this->assertNull($p->description);
        $this->assertNull($p->no_such_field);
        $this->assertNull($p['no_such_field']);
        $this->assertFalse(isset($p->description));
        $this->assertTrue(isset($p['description'])); // present, if null
        $this->assertFalse($p->refunded);
        $this->assertContains('amount', $p->keys());
    }

    public function testObjectsTurnBackIntoArraysAndJson(): void
    {
        $p = Util::convertToPaySmartObject(json_decode(self::PAYMENT));
        $this->assertSame(json_decode(self::PAYMENT, true)['payment_method'], $p->toArray()['payment_method']);
        $this->assertSame(self::PAYMENT, json_encode($p)); // {} stays {}
        $this->assertStringStartsWith('PaySmart\Payment JSON: {', (string) $p);
        $p->description = 'changed';
        $this->assertSame('changed', $p['description']);
    }

    public function testEventsHoldTheirObject(): void
    {
        $ev = Util::convertToPaySmartObject(json_decode('{"id":"evt_1","object":"event","type":"refund.created",'
            . '"data":{"object":{"id":"re_1","object":"refund","payment":' . self::PAYMENT . '}}}'));
        $this->assertInstanceOf(Event::class, $ev);
        $this->assertInstanceOf(Refund::class, $ev->data->object);
        $this->assertInstanceOf(Payment::class, $ev->data->object->payment);
    }

    public function testListsStayArraysAndUnknownObjectsArePlain(): void
    {
        $o = Util::convertToPaySmartObject(json_decode('{"object":"thing","enabled_events":["a","b"],"list":[{"x":1}],"empty":[]}'));
        $this->assertSame(PaySmartObject::class, get_class($o));
        $this->assertSame(['a', 'b'], $o->enabled_events);
        $this->assertSame(1, $o->list[0]->x);
        $this->assertSame([], $o->empty);
        $this->assertCount(4, $o);
    }
}
