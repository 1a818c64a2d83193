'use strict';

// The browser build (browser/paysmart.js), run in Node against the stub:
// Node 20 has the fetch, crypto and AbortController a browser has.

const test = require('node:test');
const assert = require('node:assert/strict');
const {startStub} = require('./stub');

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CARD = {number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123'};
const load = () => import('../browser/paysmart.js');

test('the browser build refuses a secret key before sending anything', async () => {
  const {PaySmart} = await load();
  for (const key of ['sk_test_abc', 'sk_live_abc']) {
    assert.throws(() => PaySmart(key), /secret key \(sk_\.\.\.\) must never be used in a browser/);
  }
  for (const key of [undefined, '', 'py_test_abc', 42]) {
    assert.throws(() => PaySmart(key), /publishable key/);
  }
});

test('the browser build creates a payment method with the publishable key', async () => {
  const {PaySmart, default: asDefault} = await load();
  assert.equal(asDefault, PaySmart);
  const stub = await startStub(() => ({body: {id: 'pm_123', object: 'payment_method', type: 'card'}}));
  try {
    const paysmart = PaySmart('pk_test_abc', {apiBase: stub.base + '/'});
    assert.deepEqual(Object.keys(paysmart), ['paymentMethods']);
    const pm = await paysmart.paymentMethods.create({type: 'card', card: CARD});
    assert.equal(pm.id, 'pm_123');
    const [req] = stub.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v2/payment_methods');
    assert.deepEqual(req.json, {type: 'card', card: CARD});
    assert.equal(req.headers.authorization, 'Bearer pk_test_abc');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.match(req.headers['idempotency-key'], UUID_V4);
    const viaNew = new PaySmart('pk_test_abc', {apiBase: stub.base});
    assert.equal((await viaNew.paymentMethods.create({card: CARD})).id, 'pm_123');
  } finally {
    await stub.close();
  }
});

test('the browser build retries under one key and types its errors', async () => {
  const {PaySmart, errors} = await load();
  const stub = await startStub((req, n) => (n === 0
    ? {status: 503, headers: {'Retry-After': '0'}, body: {error: {type: 'api_error', message: 'busy'}}}
    : {status: 402, headers: {'Request-Id': 'req_card'}, body: {error: {type: 'card_error', code: 'incorrect_number', param: 'card[number]', message: 'Your card number is incorrect.'}}}));
  try {
    const paysmart = PaySmart('pk_test_abc', {apiBase: stub.base});
    await assert.rejects(paysmart.paymentMethods.create({type: 'card', card: {...CARD, number: '4242424242424241'}}), (err) => {
      assert.ok(err instanceof errors.PaySmartCardError);
      assert.ok(err instanceof errors.CardError);
      assert.ok(err instanceof errors.PaySmartError);
      assert.equal(err.code, 'incorrect_number');
      assert.equal(err.param, 'card[number]');
      assert.equal(err.statusCode, 402);
      assert.equal(err.requestId, 'req_card');
      return true;
    });
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0].headers['idempotency-key'], stub.requests[1].headers['idempotency-key']);
  } finally {
    await stub.close();
  }
});

test('the browser build is self-contained: no imports, no Node APIs', async () => {
  const source = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'browser', 'paysmart.js'), 'utf8');
  assert.doesNotMatch(source, /^\s*import\s/m);
  assert.doesNotMatch(source, /\brequire\(|\bprocess\.|\bBuffer\b/);
});
