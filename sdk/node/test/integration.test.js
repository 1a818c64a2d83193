'use strict';

// Integration tests against a real PaySmart server. The Go harness
// (sdk/libraries_test.go) starts one and gives this run a fresh merchant's
// keys and a webhook the server delivered seconds before. Without those
// variables every test here fails, saying how to run them.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const PaySmart = require('paysmart');

const HOW = "run them through the harness: cd /work/main && go test ./sdk -run 'TestLibraries/node$' -count=1 -v";

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these are integration tests against a real PaySmart server; ${HOW}`);
  }
  return value;
}

function client(config = {}) {
  return new PaySmart(env('PAYSMART_TEST_SECRET_KEY'), {apiBase: env('PAYSMART_API_BASE'), ...config});
}

const card = (number) => ({type: 'card', card: {number, exp_month: 12, exp_year: 2030, cvc: '123'}});
const RUN = crypto.randomBytes(6).toString('hex');

test("the document's Quick Example: a payment that succeeds", async () => {
  const paysmart = require('paysmart')(env('PAYSMART_TEST_SECRET_KEY'));
  assert.equal(paysmart.getApiBase(), env('PAYSMART_API_BASE'), 'the base URL from PAYSMART_API_BASE');
  const payment = await paysmart.payments.create({
    amount: 2000,
    currency: 'usd',
    payment_method: {
      type: 'card',
      card: {
        number: '4242424242424242',
        exp_month: 12,
        exp_year: 2030,
        cvc: '123',
      },
    },
  });
  assert.equal(payment.status, 'succeeded');
  assert.equal(payment.object, 'payment');
  assert.equal(payment.amount, 2000);
  assert.equal(payment.currency, 'usd');
  assert.equal(payment.payment_method.card.last4, '4242');
  assert.match(payment.id, /^pay_[0-9a-f]{32}$/);
  assert.match(payment.lastResponse.requestId, /\S/);
});

test('a card with insufficient funds is a PaySmartCardError with the failed payment', async () => {
  const paysmart = client();
  await assert.rejects(paysmart.payments.create({amount: 2000, currency: 'usd', payment_method: card('4000000000009995')}), (err) => {
    assert.ok(err instanceof paysmart.errors.PaySmartCardError, `${err.constructor.name}: ${err.message}`);
    assert.ok(err instanceof PaySmart.errors.CardError);
    assert.equal(err.type, 'PaySmartCardError');
    assert.equal(err.rawType, 'card_error');
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, 'card_declined');
    assert.equal(err.decline_code, 'insufficient_funds');
    assert.match(err.requestId, /\S/);
    assert.equal(err.payment.status, 'failed');
    assert.match(err.payment.id, /^pay_/);
    return true;
  });
});

test('auto-pagination walks 250 customers across pages of 100', async () => {
  const paysmart = client();
  const email = `walk-${RUN}@node.example.com`;
  const created = new Set();
  const queue = Array.from({length: 250}, (_, i) => i);
  await Promise.all(Array.from({length: 8}, async () => {
    while (queue.length > 0) {
      const i = queue.shift();
      const c = await paysmart.customers.create({email, name: `Walker ${i}`});
      created.add(c.id);
    }
  }));
  assert.equal(created.size, 250);

  const seen = [];
  const list = paysmart.customers.list({email, limit: 100});
  for await (const c of list) {
    assert.equal(c.email, email);
    seen.push(c.id);
  }
  assert.equal(seen.length, 250, 'every customer once');
  assert.equal(new Set(seen).size, 250, 'no duplicates');
  assert.deepEqual(new Set(seen), created);

  const firstPage = await list;
  assert.equal(firstPage.object, 'list');
  assert.equal(firstPage.data.length, 100);
  assert.equal(firstPage.has_more, true);
  const all = await paysmart.customers.list({email, limit: 100}).autoPagingToArray({limit: 1000});
  assert.equal(all.length, 250);
});

test('the delivered webhook verifies; tampered, it is refused', async () => {
  const payload = Buffer.from(env('PAYSMART_TEST_WEBHOOK_PAYLOAD'), 'utf8');
  const header = env('PAYSMART_TEST_WEBHOOK_SIGNATURE');
  const secret = env('PAYSMART_TEST_WEBHOOK_SECRET');
  const paysmart = client();
  const event = paysmart.webhooks.constructEvent(payload, header, secret);
  assert.equal(event.type, 'payment.succeeded');
  assert.equal(event.object, 'event');
  assert.equal(event.data.object.object, 'payment');
  assert.equal(PaySmart.webhooks.constructEvent(payload.toString('utf8'), header, secret).id, event.id, 'as a string too');

  const tampered = Buffer.from(payload);
  const at = tampered.indexOf('payment.succeeded');
  tampered[at >= 0 ? at : tampered.length >> 1] ^= 0x01;
  assert.throws(() => paysmart.webhooks.constructEvent(tampered, header, secret),
    (err) => err instanceof PaySmart.errors.SignatureVerificationError && err.code === 'no_valid_signature');
  assert.throws(() => paysmart.webhooks.constructEvent(payload, header, secret + 'x'), {code: 'no_valid_signature'});

  const fetched = await paysmart.events.retrieve(event.id);
  assert.equal(fetched.id, event.id);
  assert.equal(fetched.type, 'payment.succeeded');
});

test('a payment: retrieve, update, list, authorise then capture, authorise then cancel', async () => {
  const paysmart = client();
  const customer = await paysmart.customers.create({email: `payer-${RUN}@node.example.com`, name: 'Payer'});
  const paid = await paysmart.payments.create({amount: 1500, currency: 'usd', payment_method: card('4242424242424242'),
    customer: customer.id, description: 'first', metadata: {order: '1'}});
  const got = await paysmart.payments.retrieve(paid.id);
  assert.equal(got.id, paid.id);
  assert.equal(got.customer, customer.id);
  const expanded = await paysmart.payments.retrieve(paid.id, {expand: ['customer']});
  assert.equal(expanded.customer.id, customer.id);
  const updated = await paysmart.payments.update(paid.id, {description: 'updated', metadata: {order: '2'}});
  assert.equal(updated.description, 'updated');
  assert.equal(updated.metadata.order, '2');
  const listed = await paysmart.payments.list({customer: customer.id, limit: 10});
  assert.deepEqual(listed.data.map((p) => p.id), [paid.id]);

  const held = await paysmart.payments.create({amount: 3000, currency: 'usd', payment_method: card('4242424242424242'), capture: false});
  assert.equal(held.status, 'requires_capture');
  const captured = await paysmart.payments.capture(held.id, {amount: 2500});
  assert.equal(captured.status, 'succeeded');
  assert.equal(captured.amount_captured, 2500);

  const held2 = await paysmart.payments.create({amount: 1000, currency: 'usd', payment_method: card('4242424242424242'), capture: false});
  const canceled = await paysmart.payments.cancel(held2.id);
  assert.equal(canceled.status, 'canceled');
  await assert.rejects(paysmart.payments.capture(held2.id), PaySmart.errors.InvalidRequestError);
});

test('a refund: create, retrieve, list', async () => {
  const paysmart = client();
  const payment = await paysmart.payments.create({amount: 2000, currency: 'usd', payment_method: card('4242424242424242')});
  const refund = await paysmart.refunds.create({payment: payment.id, amount: 500, reason: 'requested_by_customer'});
  assert.equal(refund.object, 'refund');
  assert.equal(refund.amount, 500);
  assert.equal(refund.payment, payment.id);
  assert.ok(['pending', 'succeeded'].includes(refund.status), refund.status);
  const got = await paysmart.refunds.retrieve(refund.id);
  assert.equal(got.id, refund.id);
  const expanded = await paysmart.refunds.retrieve(refund.id, {expand: ['payment']});
  assert.equal(expanded.payment.id, payment.id);
  const listed = await paysmart.refunds.list({payment: payment.id}).autoPagingToArray();
  assert.deepEqual(listed.map((r) => r.id), [refund.id]);
});

test('a customer: create, retrieve, update, list, delete', async () => {
  const paysmart = client();
  const email = `crud-${RUN}@node.example.com`;
  const customer = await paysmart.customers.create({email, name: 'John Doe', phone: '+1234567890',
    address: {line1: '123 Main St', city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US'}});
  assert.equal(customer.object, 'customer');
  assert.equal(customer.address.city, 'San Francisco');
  assert.equal((await paysmart.customers.retrieve(customer.id)).email, email);
  const updated = await paysmart.customers.update(customer.id, {name: 'Jane Doe', metadata: {tier: 'gold'}});
  assert.equal(updated.name, 'Jane Doe');
  assert.equal(updated.metadata.tier, 'gold');
  const listed = await paysmart.customers.list({email});
  assert.deepEqual(listed.data.map((c) => c.id), [customer.id]);
  const deleted = await paysmart.customers.del(customer.id);
  assert.deepEqual({...deleted}, {id: customer.id, object: 'customer', deleted: true});
  assert.equal((await paysmart.customers.retrieve(customer.id)).deleted, true);
});

test('a payment method: created with the secret key, retrieved, charged', async () => {
  const paysmart = client();
  const pm = await paysmart.paymentMethods.create(card('4242424242424242'));
  assert.match(pm.id, /^pm_/);
  assert.equal(pm.card.last4, '4242');
  const got = await paysmart.paymentMethods.retrieve(pm.id);
  assert.equal(got.id, pm.id);
  const payment = await paysmart.payments.create({amount: 700, currency: 'usd', payment_method: pm.id});
  assert.equal(payment.status, 'succeeded');
  assert.equal(payment.payment_method.id, pm.id);
});

test('the browser build tokenises a card with the publishable key; the secret key charges it', async () => {
  const {PaySmart: Browser} = await import('../browser/paysmart.js');
  const browser = Browser(env('PAYSMART_TEST_PUBLISHABLE_KEY'), {apiBase: env('PAYSMART_API_BASE')});
  const pm = await browser.paymentMethods.create(card('4242424242424242'));
  assert.match(pm.id, /^pm_/);
  const payment = await client().payments.create({amount: 900, currency: 'usd', payment_method: pm.id});
  assert.equal(payment.status, 'succeeded');
  assert.throws(() => Browser(env('PAYSMART_TEST_SECRET_KEY')), /must never be used in a browser/);
});

test('a publishable key may not charge: PaySmartPermissionError', async () => {
  const paysmart = new PaySmart(env('PAYSMART_TEST_PUBLISHABLE_KEY'), {apiBase: env('PAYSMART_API_BASE')});
  await assert.rejects(paysmart.payments.create({amount: 2000, currency: 'usd', payment_method: card('4242424242424242')}),
    (err) => err instanceof PaySmart.errors.PermissionError && err.statusCode === 403);
});

test('events: list and retrieve', async () => {
  const paysmart = client();
  const page = await paysmart.events.list({limit: 5, type: 'payment.succeeded'});
  assert.ok(page.data.length > 0);
  for (const e of page.data) {
    assert.equal(e.type, 'payment.succeeded');
  }
  const event = await paysmart.events.retrieve(page.data[0].id);
  assert.equal(event.id, page.data[0].id);
  assert.equal(event.data.object.object, 'payment');
});

test('a webhook endpoint: create, retrieve, update, list, delete', async () => {
  const paysmart = client();
  const endpoint = await paysmart.webhookEndpoints.create({url: `http://127.0.0.1:9/hooks/${RUN}`, enabled_events: ['payment.succeeded'],
    description: 'node test'});
  assert.match(endpoint.id, /^we_/);
  assert.match(endpoint.secret, /^whsec_/);
  assert.equal((await paysmart.webhookEndpoints.retrieve(endpoint.id)).url, endpoint.url);
  const disabled = await paysmart.webhookEndpoints.update(endpoint.id, {disabled: true});
  assert.equal(disabled.status, 'disabled');
  const all = await paysmart.webhookEndpoints.list().autoPagingToArray();
  assert.ok(all.some((e) => e.id === endpoint.id));
  const deleted = await paysmart.webhookEndpoints.del(endpoint.id);
  assert.equal(deleted.deleted, true);
  await assert.rejects(paysmart.webhookEndpoints.retrieve(endpoint.id),
    (err) => err instanceof PaySmart.errors.InvalidRequestError && err.statusCode === 404);
});

test('a subscription: create, retrieve, update, list, cancel', async () => {
  const paysmart = client();
  const customer = await paysmart.customers.create({email: `sub-${RUN}@node.example.com`});
  const pm = await paysmart.paymentMethods.create({...card('4242424242424242'), customer: customer.id});
  const sub = await paysmart.subscriptions.create({customer: customer.id, payment_method: pm.id, amount: 1500,
    currency: 'usd', interval: 'month', total_payments: 12});
  assert.match(sub.id, /^sub_/);
  assert.equal(sub.status, 'active');
  assert.equal((await paysmart.subscriptions.retrieve(sub.id)).id, sub.id);
  const updated = await paysmart.subscriptions.update(sub.id, {metadata: {plan: 'pro'}});
  assert.equal(updated.metadata.plan, 'pro');
  const listed = await paysmart.subscriptions.list({customer: customer.id});
  assert.deepEqual(listed.data.map((s) => s.id), [sub.id]);
  const canceled = await paysmart.subscriptions.cancel(sub.id);
  assert.equal(canceled.status, 'canceled');
});

test('an idempotent replay: the same key twice answers the same payment', async () => {
  const paysmart = client();
  const key = `node-replay-${RUN}`;
  const params = {amount: 1100, currency: 'usd', payment_method: card('4242424242424242')};
  const first = await paysmart.payments.create(params, {idempotencyKey: key});
  const second = await paysmart.payments.create(params, {idempotencyKey: key});
  assert.equal(second.id, first.id);
  assert.equal(first.lastResponse.idempotentReplayed, false);
  assert.equal(second.lastResponse.idempotentReplayed, true);
  assert.equal(second.lastResponse.idempotencyKey, key);
  await assert.rejects(paysmart.payments.create({...params, amount: 1200}, {idempotencyKey: key}),
    (err) => err instanceof PaySmart.errors.IdempotencyError && err.statusCode === 400);
});

test('a bad parameter is a PaySmartInvalidRequestError naming it', async () => {
  const paysmart = client();
  await assert.rejects(paysmart.payments.create({amount: -1, currency: 'usd', payment_method: card('4242424242424242')}), (err) => {
    assert.ok(err instanceof PaySmart.errors.PaySmartInvalidRequestError, `${err.constructor.name}: ${err.message}`);
    assert.equal(err.statusCode, 400);
    assert.equal(err.param, 'amount');
    assert.match(err.code, /\S/);
    return true;
  });
  await assert.rejects(paysmart.customers.retrieve('cus_does_not_exist'),
    (err) => err instanceof PaySmart.errors.InvalidRequestError && err.statusCode === 404 && err.code === 'resource_missing');
});

test('a bad key is a PaySmartAuthenticationError', async () => {
  const paysmart = new PaySmart('sk_test_not_a_real_key', {apiBase: env('PAYSMART_API_BASE')});
  await assert.rejects(paysmart.customers.list(), (err) => {
    assert.ok(err instanceof PaySmart.errors.PaySmartAuthenticationError, `${err.constructor.name}: ${err.message}`);
    assert.equal(err.statusCode, 401);
    assert.equal(err.rawType, 'authentication_error');
    return true;
  });
});
