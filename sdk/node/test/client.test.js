'use strict';

// Unit tests of the transport and the resources against a stub server:
// headers, idempotency keys, retries, Retry-After, typed errors, query
// encoding, auto-pagination, configuration.

const test = require('node:test');
const assert = require('node:assert/strict');
const PaySmart = require('paysmart');
const {startStub, closedBase} = require('./stub');
const {retryDelay, encodeQuery} = require('../lib/client');

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FAST = {initialNetworkRetryDelay: 1, maxNetworkRetryDelay: 5};
const PAYMENT = {amount: 2000, currency: 'usd', payment_method: {type: 'card', card: {number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123'}}};

async function withStub(handler, fn) {
  const stub = await startStub(handler);
  try {
    await fn(stub, new PaySmart('sk_test_unit', {apiBase: stub.base, ...FAST}));
  } finally {
    await stub.close();
  }
}

test('a POST sends JSON with the key, the User-Agent and a UUID v4 Idempotency-Key', () =>
  withStub(() => ({body: {id: 'pay_1', object: 'payment', status: 'succeeded'}, headers: {'Request-Id': 'req_1'}}), async (stub, paysmart) => {
    const payment = await paysmart.payments.create(PAYMENT);
    assert.equal(payment.id, 'pay_1');
    assert.equal(payment.status, 'succeeded');
    const [req] = stub.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v2/payments');
    assert.deepEqual(req.json, PAYMENT);
    assert.equal(req.headers.authorization, 'Bearer sk_test_unit');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['user-agent'], `PaySmart/node ${require('../package.json').version}`);
    assert.match(req.headers['idempotency-key'], UUID_V4);
    assert.equal(payment.lastResponse.requestId, 'req_1');
    assert.equal(payment.lastResponse.statusCode, 200);
    assert.equal(payment.lastResponse.idempotencyKey, req.headers['idempotency-key']);
    assert.deepEqual(Object.keys(payment), ['id', 'object', 'status'], 'lastResponse is not enumerable');
  }));

test('a GET has no body and no Idempotency-Key; a DELETE has a key', () =>
  withStub(() => ({body: {id: 'cus_1', object: 'customer', deleted: true}}), async (stub, paysmart) => {
    await paysmart.customers.retrieve('cus_1');
    await paysmart.customers.del('cus_1');
    const [get, del] = stub.requests;
    assert.equal(get.method, 'GET');
    assert.equal(get.path, '/v2/customers/cus_1');
    assert.equal(get.body, '');
    assert.equal(get.headers['idempotency-key'], undefined);
    assert.equal(get.headers['content-type'], undefined);
    assert.equal(del.method, 'DELETE');
    assert.match(del.headers['idempotency-key'], UUID_V4);
  }));

test('every endpoint goes to its path with its verb', () =>
  withStub(() => ({body: {id: 'x', object: 'list', data: [], has_more: false}}), async (stub, paysmart) => {
    const calls = [
      [() => paysmart.payments.retrieve('pay_1'), 'GET', '/v2/payments/pay_1'],
      [() => paysmart.payments.update('pay_1', {description: 'd'}), 'POST', '/v2/payments/pay_1'],
      [() => paysmart.payments.list(), 'GET', '/v2/payments'],
      [() => paysmart.payments.capture('pay_1'), 'POST', '/v2/payments/pay_1/capture'],
      [() => paysmart.payments.cancel('pay_1'), 'POST', '/v2/payments/pay_1/cancel'],
      [() => paysmart.refunds.create({payment: 'pay_1'}), 'POST', '/v2/refunds'],
      [() => paysmart.refunds.retrieve('re_1'), 'GET', '/v2/refunds/re_1'],
      [() => paysmart.refunds.list(), 'GET', '/v2/refunds'],
      [() => paysmart.customers.create({email: 'a@example.com'}), 'POST', '/v2/customers'],
      [() => paysmart.customers.update('cus_1', {name: 'n'}), 'POST', '/v2/customers/cus_1'],
      [() => paysmart.customers.list(), 'GET', '/v2/customers'],
      [() => paysmart.paymentMethods.create({type: 'card', card: PAYMENT.payment_method.card}), 'POST', '/v2/payment_methods'],
      [() => paysmart.paymentMethods.retrieve('pm_1'), 'GET', '/v2/payment_methods/pm_1'],
      [() => paysmart.events.retrieve('evt_1'), 'GET', '/v2/events/evt_1'],
      [() => paysmart.events.list(), 'GET', '/v2/events'],
      [() => paysmart.events.listDeliveries('evt_1'), 'GET', '/v2/events/evt_1/deliveries'],
      [() => paysmart.events.retry('evt_1'), 'POST', '/v2/events/evt_1/retry'],
      [() => paysmart.webhookEndpoints.create({url: 'https://e.example', enabled_events: ['*']}), 'POST', '/v2/webhook_endpoints'],
      [() => paysmart.webhookEndpoints.retrieve('we_1'), 'GET', '/v2/webhook_endpoints/we_1'],
      [() => paysmart.webhookEndpoints.update('we_1', {disabled: true}), 'POST', '/v2/webhook_endpoints/we_1'],
      [() => paysmart.webhookEndpoints.del('we_1'), 'DELETE', '/v2/webhook_endpoints/we_1'],
      [() => paysmart.webhookEndpoints.list(), 'GET', '/v2/webhook_endpoints'],
      [() => paysmart.webhookEndpoints.rollSecret('we_1', {expires_in: 60}), 'POST', '/v2/webhook_endpoints/we_1/roll_secret'],
      [() => paysmart.subscriptions.create({customer: 'cus_1'}), 'POST', '/v2/subscriptions'],
      [() => paysmart.subscriptions.retrieve('sub_1'), 'GET', '/v2/subscriptions/sub_1'],
      [() => paysmart.subscriptions.update('sub_1', {metadata: {a: 'b'}}), 'POST', '/v2/subscriptions/sub_1'],
      [() => paysmart.subscriptions.cancel('sub_1'), 'DELETE', '/v2/subscriptions/sub_1'],
      [() => paysmart.subscriptions.list(), 'GET', '/v2/subscriptions'],
      [() => paysmart.testHelpers.testClocks.create({frozen_time: 1}), 'POST', '/v2/test_helpers/test_clocks'],
      [() => paysmart.testHelpers.testClocks.retrieve('clock_1'), 'GET', '/v2/test_helpers/test_clocks/clock_1'],
      [() => paysmart.testHelpers.testClocks.del('clock_1'), 'DELETE', '/v2/test_helpers/test_clocks/clock_1'],
      [() => paysmart.testHelpers.testClocks.list(), 'GET', '/v2/test_helpers/test_clocks'],
      [() => paysmart.testHelpers.testClocks.advance('clock_1', {frozen_time: 2}), 'POST', '/v2/test_helpers/test_clocks/clock_1/advance'],
    ];
    for (const [call, method, path] of calls) {
      await call();
      const req = stub.requests.at(-1);
      assert.deepEqual([req.method, req.path], [method, path], `${method} ${path}`);
      if (method === 'POST') {
        assert.equal(typeof req.json, 'object', `${path} sends a JSON object`);
      }
    }
    assert.deepEqual(stub.requests.find((r) => r.path.endsWith('/capture')).json, {});
  }));

test('ids are escaped in the path; an empty id is refused before any request', () =>
  withStub(() => ({body: {}}), async (stub, paysmart) => {
    await paysmart.customers.retrieve('cus 1/..');
    assert.equal(stub.requests[0].path, '/v2/customers/cus%201%2F..');
    await assert.rejects(paysmart.customers.retrieve(''), TypeError);
    await assert.rejects(paysmart.payments.capture(undefined), TypeError);
    await assert.rejects(paysmart.events.listDeliveries(''), TypeError);
    assert.equal(stub.requests.length, 1);
  }));

test('list and retrieve params go in the query string in bracket notation', () =>
  withStub(() => ({body: {object: 'list', data: [], has_more: false}}), async (stub, paysmart) => {
    await paysmart.payments.list({limit: 3, created: {gte: 100, lte: 200}, expand: ['data.customer'], customer: 'cus_1', ignored: undefined});
    assert.equal(stub.requests[0].query, 'limit=3&created[gte]=100&created[lte]=200&expand[]=data.customer&customer=cus_1');
    await paysmart.payments.retrieve('pay_1', {expand: ['customer', 'payment_method']});
    assert.equal(stub.requests[1].query, 'expand[]=customer&expand[]=payment_method');
    assert.equal(encodeQuery({email: 'a+b@example.com', metadata: {'k y': 'v&w'}}), 'email=a%2Bb%40example.com&metadata[k%20y]=v%26w');
  }));

test('a write answered 503, then 429 with Retry-After 0, then 200 is sent three times under one key', () => {
  const statuses = [503, 429, 200];
  return withStub((req, n) => ({
    status: statuses[n],
    headers: statuses[n] === 429 ? {'Retry-After': '0'} : {},
    body: statuses[n] === 200 ? {id: 'pay_1', status: 'succeeded'} : {error: {type: 'api_error', message: 'busy'}},
  }), async (stub, paysmart) => {
    const payment = await paysmart.payments.create(PAYMENT);
    assert.equal(payment.id, 'pay_1');
    assert.equal(stub.requests.length, 3);
    const keys = stub.requests.map((r) => r.headers['idempotency-key']);
    assert.match(keys[0], UUID_V4);
    assert.deepEqual(new Set(keys).size, 1, 'one key across the retries');
    assert.deepEqual(stub.requests.map((r) => r.body), Array(3).fill(JSON.stringify(PAYMENT)));
  });
});

test('a 409 (the same key still running) is retried', () =>
  withStub((req, n) => (n === 0
    ? {status: 409, body: {error: {type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'running'}}}
    : {body: {id: 'pay_1'}}), async (stub, paysmart) => {
    await paysmart.payments.create(PAYMENT);
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0].headers['idempotency-key'], stub.requests[1].headers['idempotency-key']);
  }));

test('retries stop after maxNetworkRetries and surface the typed error', () =>
  withStub(() => ({status: 500, headers: {'Request-Id': 'req_500'}, body: {error: {type: 'api_error', message: 'boom'}}}), async (stub, paysmart) => {
    await assert.rejects(paysmart.customers.list(), (err) => {
      assert.ok(err instanceof PaySmart.errors.PaySmartAPIError);
      assert.equal(err.statusCode, 500);
      assert.equal(err.requestId, 'req_500');
      return true;
    });
    assert.equal(stub.requests.length, 3, 'the first try and 2 retries by default');
    const once = new PaySmart('sk_test_unit', {apiBase: stub.base, maxNetworkRetries: 0});
    await assert.rejects(once.customers.list(), PaySmart.errors.APIError);
    assert.equal(stub.requests.length, 4);
    await assert.rejects(paysmart.customers.list({}, {maxNetworkRetries: 1}), PaySmart.errors.APIError);
    assert.equal(stub.requests.length, 6, 'the per-request maxNetworkRetries');
  }));

test('a 400 is not retried and carries code, param, request id and the raw body', () => {
  const body = {error: {type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.'}};
  return withStub(() => ({status: 400, headers: {'Request-Id': 'req_42'}, body}), async (stub, paysmart) => {
    await assert.rejects(paysmart.payments.create({}), (err) => {
      assert.ok(err instanceof PaySmart.errors.PaySmartInvalidRequestError);
      assert.ok(err instanceof PaySmart.errors.InvalidRequestError);
      assert.ok(err instanceof PaySmart.errors.PaySmartError);
      assert.ok(err instanceof Error);
      assert.equal(err.type, 'PaySmartInvalidRequestError');
      assert.equal(err.rawType, 'invalid_request_error');
      assert.equal(err.code, 'parameter_missing');
      assert.equal(err.param, 'amount');
      assert.equal(err.message, 'Missing required param: amount.');
      assert.equal(err.statusCode, 400);
      assert.equal(err.requestId, 'req_42');
      assert.deepEqual(err.raw, body.error);
      assert.deepEqual(JSON.parse(err.rawBody), body);
      assert.equal(err.headers['request-id'], 'req_42');
      return true;
    });
    assert.equal(stub.requests.length, 1);
  });
});

test('each status and error type maps to its class', async () => {
  const cases = [
    [400, 'invalid_request_error', 'PaySmartInvalidRequestError', 'InvalidRequestError'],
    [400, 'idempotency_error', 'PaySmartIdempotencyError', 'IdempotencyError'],
    [401, 'authentication_error', 'PaySmartAuthenticationError', 'AuthenticationError'],
    [402, 'card_error', 'PaySmartCardError', 'CardError'],
    [403, 'permission_error', 'PaySmartPermissionError', 'PermissionError'],
    [404, 'invalid_request_error', 'PaySmartInvalidRequestError', 'InvalidRequestError'],
    [409, 'idempotency_error', 'PaySmartIdempotencyError', 'IdempotencyError'],
    [429, 'rate_limit_error', 'PaySmartRateLimitError', 'RateLimitError'],
    [500, 'api_error', 'PaySmartAPIError', 'APIError'],
    [502, 'api_error', 'PaySmartAPIError', 'APIError'],
  ];
  for (const [status, type, className, alias] of cases) {
    await withStub(() => ({status, body: {error: {type, message: `m ${status}`}}}), async (stub) => {
      const paysmart = new PaySmart('sk_test_unit', {apiBase: stub.base, maxNetworkRetries: 0});
      await assert.rejects(paysmart.payments.retrieve('pay_1'), (err) => {
        assert.equal(err.constructor.name, className, `${status} ${type}`);
        assert.ok(err instanceof PaySmart.errors[alias]);
        assert.equal(err.rawType, type);
        assert.equal(err.statusCode, status);
        return true;
      });
    });
  }
});

test('an error body that is not JSON is typed by its status', () =>
  withStub(() => ({status: 401, body: 'Unauthorized\n'}), async (stub) => {
    const paysmart = new PaySmart('sk_test_unit', {apiBase: stub.base});
    await assert.rejects(paysmart.payments.retrieve('pay_1'), (err) => {
      assert.ok(err instanceof PaySmart.errors.AuthenticationError);
      assert.equal(err.message, 'Unauthorized');
      assert.equal(err.rawType, 'authentication_error');
      return true;
    });
  }));

test('a card error carries code, decline_code and the failed payment', () =>
  withStub(() => ({status: 402, body: {error: {type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.', payment: {id: 'pay_f', status: 'failed'}}}}), async (stub, paysmart) => {
    await assert.rejects(paysmart.payments.create(PAYMENT), (err) => {
      assert.ok(err instanceof PaySmart.errors.CardError);
      assert.equal(err.code, 'card_declined');
      assert.equal(err.decline_code, 'insufficient_funds');
      assert.deepEqual(err.payment, {id: 'pay_f', status: 'failed'});
      return true;
    });
    assert.equal(stub.requests.length, 1, 'a decline is not retried');
  }));

test('Retry-After is honoured', () =>
  withStub((req, n) => (n === 0
    ? {status: 429, headers: {'Retry-After': '1'}, body: {error: {type: 'rate_limit_error', message: 'slow down'}}}
    : {body: {id: 'cus_1'}}), async (stub, paysmart) => {
    const start = Date.now();
    await paysmart.customers.retrieve('cus_1');
    const waited = Date.now() - start;
    assert.ok(waited >= 950, `waited ${waited} ms, want about 1000`);
    assert.ok(waited < 3000, `waited ${waited} ms`);
  }));

test('the backoff doubles from 500 ms with up to 50% jitter, at most 8 s, unless Retry-After says', () => {
  const config = {initialNetworkRetryDelay: 500, maxNetworkRetryDelay: 8000};
  for (let attempt = 0; attempt < 8; attempt++) {
    const base = Math.min(500 * 2 ** attempt, 8000);
    for (let i = 0; i < 50; i++) {
      const d = retryDelay(config, attempt, null);
      assert.ok(d >= base && d <= Math.min(base * 1.5, 8000), `attempt ${attempt}: ${d}`);
    }
  }
  assert.equal(retryDelay(config, 3, '2'), 2000);
  assert.equal(retryDelay(config, 0, ' 0 '), 0);
  assert.equal(retryDelay(config, 0, '30'), 30000, 'Retry-After beyond the cap is honoured');
  const date = new Date(Date.now() + 3000).toUTCString();
  const d = retryDelay(config, 0, date);
  assert.ok(d > 1000 && d <= 3000, `HTTP date: ${d}`);
  assert.equal(retryDelay(config, 0, new Date(Date.now() - 5000).toUTCString()), 0);
  const fallback = retryDelay(config, 0, 'soon');
  assert.ok(fallback >= 500 && fallback <= 750, 'an unreadable Retry-After falls back to the backoff');
});

test('a network error is retried, then thrown as a PaySmartConnectionError', async () => {
  const paysmart = new PaySmart('sk_test_unit', {apiBase: await closedBase(), maxNetworkRetries: 3, ...FAST});
  const start = Date.now();
  await assert.rejects(paysmart.payments.retrieve('pay_1'), (err) => {
    assert.ok(err instanceof PaySmart.errors.PaySmartConnectionError);
    assert.ok(err instanceof PaySmart.errors.APIConnectionError);
    assert.match(err.message, /ECONNREFUSED.*retried 3 times/);
    assert.ok(err.cause);
    return true;
  });
  assert.ok(Date.now() - start < 5000);
});

test('a dropped connection is retried under the same key', () =>
  withStub((req, n) => (n === 0 ? {destroy: true} : {body: {id: 'pay_1'}}), async (stub, paysmart) => {
    const payment = await paysmart.payments.create(PAYMENT);
    assert.equal(payment.id, 'pay_1');
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0].headers['idempotency-key'], stub.requests[1].headers['idempotency-key']);
  }));

test('a request slower than the timeout is retried, then a PaySmartConnectionError', () =>
  withStub(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {body: {id: 'pay_1'}};
  }, async (stub) => {
    const paysmart = new PaySmart('sk_test_unit', {apiBase: stub.base, timeout: 50, maxNetworkRetries: 1, ...FAST});
    await assert.rejects(paysmart.payments.retrieve('pay_1'), (err) => {
      assert.ok(err instanceof PaySmart.errors.PaySmartConnectionError);
      assert.match(err.message, /timed out after 50 ms/);
      return true;
    });
    assert.equal(stub.requests.length, 2);
  }));

test('per-request options: idempotencyKey, apiKey, timeout', () =>
  withStub(() => ({body: {id: 'cus_1'}}), async (stub, paysmart) => {
    await paysmart.customers.create({email: 'a@example.com'}, {idempotencyKey: 'my-key', apiKey: 'sk_test_other'});
    assert.equal(stub.requests[0].headers['idempotency-key'], 'my-key');
    assert.equal(stub.requests[0].headers.authorization, 'Bearer sk_test_other');
    assert.deepEqual(stub.requests[0].json, {email: 'a@example.com'});
    await paysmart.customers.retrieve('cus_1', {apiKey: 'sk_test_third'});
    assert.equal(stub.requests[1].headers.authorization, 'Bearer sk_test_third');
    assert.equal(stub.requests[1].query, '', 'options are not params');
    await paysmart.payments.capture('pay_1', {idempotencyKey: 'cap-1'});
    assert.equal(stub.requests[2].headers['idempotency-key'], 'cap-1');
    assert.deepEqual(stub.requests[2].json, {});
    await assert.rejects(paysmart.customers.create({}, {idempotency_key: 'x'}), /unknown request option idempotency_key/);
  }));

test('no key: an AuthenticationError before any request', () =>
  withStub(() => ({body: {}}), async (stub) => {
    const paysmart = new PaySmart(undefined, {apiBase: stub.base});
    await assert.rejects(paysmart.customers.list(), PaySmart.errors.AuthenticationError);
    assert.equal(stub.requests.length, 0);
  }));

test('auto-pagination walks every page with starting_after', () => {
  const items = Array.from({length: 25}, (_, i) => ({id: `cus_${String(i).padStart(2, '0')}`}));
  return withStub((req) => {
    const limit = Number(req.searchParams.get('limit'));
    const after = req.searchParams.get('starting_after');
    const from = after ? items.findIndex((x) => x.id === after) + 1 : 0;
    const data = items.slice(from, from + limit);
    return {body: {object: 'list', data, has_more: from + limit < items.length, url: '/v2/customers'}};
  }, async (stub, paysmart) => {
    const seen = [];
    for await (const c of paysmart.customers.list({limit: 10, email: 'x@example.com'})) {
      seen.push(c.id);
    }
    assert.deepEqual(seen, items.map((x) => x.id));
    assert.deepEqual(stub.requests.map((r) => r.query), [
      'limit=10&email=x%40example.com',
      'limit=10&email=x%40example.com&starting_after=cus_09',
      'limit=10&email=x%40example.com&starting_after=cus_19',
    ]);

    const page = await paysmart.customers.list({limit: 10});
    assert.equal(page.object, 'list');
    assert.equal(page.data.length, 10);
    assert.equal(page.has_more, true);
    const fromPage = [];
    for await (const c of page) {
      fromPage.push(c.id);
    }
    assert.equal(fromPage.length, 25, 'the awaited page is async iterable too');

    assert.deepEqual((await paysmart.customers.list({limit: 10}).autoPagingToArray({limit: 12})).length, 12);
    const each = [];
    await paysmart.customers.list({limit: 7}).autoPagingEach(async (c) => {
      each.push(c.id);
      return each.length < 9;
    });
    assert.equal(each.length, 9, 'autoPagingEach stops when the callback returns false');
  });
});

test('auto-pagination with ending_before walks towards newer items', () => {
  const items = Array.from({length: 9}, (_, i) => ({id: `pay_${i}`})); // newest first
  return withStub((req) => {
    const limit = Number(req.searchParams.get('limit'));
    const before = items.findIndex((x) => x.id === req.searchParams.get('ending_before'));
    const from = Math.max(0, before - limit);
    return {body: {object: 'list', data: items.slice(from, before), has_more: from > 0}};
  }, async (stub, paysmart) => {
    const seen = [];
    for await (const p of paysmart.payments.list({limit: 3, ending_before: 'pay_8'})) {
      seen.push(p.id);
    }
    assert.deepEqual(seen, ['pay_7', 'pay_6', 'pay_5', 'pay_4', 'pay_3', 'pay_2', 'pay_1', 'pay_0']);
  });
});

test('an error while paging ends the iteration with it', () =>
  withStub((req, n) => (n === 0
    ? {body: {object: 'list', data: [{id: 'a'}], has_more: true}}
    : {status: 401, body: {error: {type: 'authentication_error', message: 'revoked'}}}), async (stub, paysmart) => {
    const seen = [];
    await assert.rejects(async () => {
      for await (const x of paysmart.events.list()) {
        seen.push(x.id);
      }
    }, PaySmart.errors.AuthenticationError);
    assert.deepEqual(seen, ['a']);
  }));

test('the base URL: the apiBase option, else PAYSMART_API_BASE, else the default', () => {
  const saved = process.env.PAYSMART_API_BASE;
  try {
    process.env.PAYSMART_API_BASE = 'http://from-env.example/v2/';
    assert.equal(new PaySmart('sk_test_x').getApiBase(), 'http://from-env.example/v2');
    assert.equal(new PaySmart('sk_test_x', {apiBase: 'http://opt.example/v2'}).getApiBase(), 'http://opt.example/v2');
    delete process.env.PAYSMART_API_BASE;
    assert.equal(new PaySmart('sk_test_x').getApiBase(), 'https://api.paysmart.com/v2');
  } finally {
    if (saved === undefined) {
      delete process.env.PAYSMART_API_BASE;
    } else {
      process.env.PAYSMART_API_BASE = saved;
    }
  }
  assert.equal(new PaySmart('sk_test_x', {apiBase: 'http://x/v2'}).getMaxNetworkRetries(), 2);
  assert.throws(() => new PaySmart('sk_test_x', {maxRetries: 3}), /unknown config maxRetries/);
  assert.throws(() => new PaySmart('sk_test_x', {timeout: -1}), /timeout must be a number/);
  assert.throws(() => new PaySmart(42), /API key must be a string/);
});

test('an undecodable success is a PaySmartAPIError', () =>
  withStub(() => ({body: '<html>proxy</html>'}), async (stub, paysmart) => {
    await assert.rejects(paysmart.payments.retrieve('pay_1'), (err) => {
      assert.ok(err instanceof PaySmart.errors.APIError);
      assert.match(err.message, /Invalid JSON/);
      return true;
    });
  }));
