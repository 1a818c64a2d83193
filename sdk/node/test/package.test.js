'use strict';

// The package's shape: CommonJS and ES module entries, the factory and the
// constructor, the error names, the declarations.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const PaySmart = require('paysmart');

const RESOURCES = {
  payments: ['create', 'retrieve', 'update', 'list', 'capture', 'cancel'],
  refunds: ['create', 'retrieve', 'list'],
  customers: ['create', 'retrieve', 'update', 'del', 'list'],
  paymentMethods: ['create', 'retrieve'],
  events: ['retrieve', 'list', 'listDeliveries', 'retry'],
  webhookEndpoints: ['create', 'retrieve', 'update', 'del', 'list', 'rollSecret'],
  subscriptions: ['create', 'retrieve', 'update', 'cancel', 'list'],
};

const ERRORS = ['PaySmartError', 'PaySmartCardError', 'PaySmartInvalidRequestError', 'PaySmartAuthenticationError',
  'PaySmartPermissionError', 'PaySmartIdempotencyError', 'PaySmartRateLimitError', 'PaySmartAPIError',
  'PaySmartConnectionError', 'PaySmartSignatureVerificationError'];
const ALIASES = {CardError: 'PaySmartCardError', InvalidRequestError: 'PaySmartInvalidRequestError',
  AuthenticationError: 'PaySmartAuthenticationError', PermissionError: 'PaySmartPermissionError',
  IdempotencyError: 'PaySmartIdempotencyError', RateLimitError: 'PaySmartRateLimitError', APIError: 'PaySmartAPIError',
  APIConnectionError: 'PaySmartConnectionError', ConnectionError: 'PaySmartConnectionError',
  SignatureVerificationError: 'PaySmartSignatureVerificationError'};

test("require('paysmart')('sk_...') and new PaySmart(key, config) make the same client", () => {
  const a = require('paysmart')('sk_test_x');
  const b = new PaySmart('sk_test_x', {apiBase: 'http://127.0.0.1:1/v2', maxNetworkRetries: 1, timeout: 5000});
  for (const client of [a, b]) {
    assert.ok(client instanceof PaySmart);
    for (const [name, methods] of Object.entries(RESOURCES)) {
      for (const m of methods) {
        assert.equal(typeof client[name][m], 'function', `${name}.${m}`);
      }
    }
    assert.equal(typeof client.testHelpers.testClocks.advance, 'function');
    assert.equal(client.errors, PaySmart.errors);
    assert.equal(client.webhooks, PaySmart.webhooks);
  }
  assert.equal(b.getMaxNetworkRetries(), 1);
  assert.equal(PaySmart.PaySmart, PaySmart);
  assert.equal(PaySmart.default, PaySmart);
  assert.equal(JSON.stringify(a).includes('sk_test_x'), false, 'the key is not enumerable');
});

test('the errors and their short names', () => {
  for (const name of ERRORS) {
    const Class = PaySmart.errors[name];
    assert.equal(typeof Class, 'function', name);
    assert.equal(Class.name, name);
    assert.ok(new Class({message: 'm'}) instanceof PaySmart.errors.PaySmartError);
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    assert.equal(PaySmart.errors[alias], PaySmart.errors[name], alias);
  }
});

test('the ES module entry exports the same library', async () => {
  const esm = await import('paysmart');
  assert.equal(esm.default, PaySmart);
  assert.equal(esm.PaySmart, PaySmart);
  assert.equal(esm.errors, PaySmart.errors);
  assert.equal(esm.webhooks, PaySmart.webhooks);
  assert.ok(esm.default('sk_test_x').payments);
});

test('package.json: exports for require, import and types; no dependencies', () => {
  const pkg = require('../package.json');
  assert.equal(pkg.name, 'paysmart');
  assert.equal(pkg.exports['.'].require, './lib/paysmart.js');
  assert.equal(pkg.exports['.'].import, './index.mjs');
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.equal(pkg.exports['./browser'], './browser/paysmart.js');
  assert.equal(pkg.dependencies, undefined);
  assert.equal(PaySmart.VERSION, pkg.version);
  assert.equal(PaySmart.USER_AGENT, `PaySmart/node ${pkg.version}`);
  for (const file of ['lib/paysmart.js', 'index.mjs', 'index.d.ts', 'browser/paysmart.js', 'README.md']) {
    assert.ok(fs.existsSync(path.join(__dirname, '..', file)), file);
  }
});

test('index.d.ts declares every resource method, error and webhook function', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8');
  const iface = {payments: 'PaymentsResource', refunds: 'RefundsResource', customers: 'CustomersResource',
    paymentMethods: 'PaymentMethodsResource', events: 'EventsResource', webhookEndpoints: 'WebhookEndpointsResource',
    subscriptions: 'SubscriptionsResource'};
  for (const [name, methods] of Object.entries(RESOURCES)) {
    const block = dts.slice(dts.indexOf(`interface ${iface[name]} {`));
    const body = block.slice(0, block.indexOf('\n  }'));
    for (const m of methods) {
      assert.match(body, new RegExp(`\\n    ${m}\\(`), `${iface[name]}.${m}`);
    }
  }
  for (const name of [...ERRORS, ...Object.keys(ALIASES)]) {
    assert.match(dts, new RegExp(`\\b${name}: typeof errorClasses\\.`), name);
  }
  for (const fn of ['constructEvent', 'verifyHeader', 'generateTestHeaderString']) {
    assert.match(dts, new RegExp(`\\b${fn}\\(`), fn);
  }
});

test('the version in the browser build is the package version', () => {
  const browser = fs.readFileSync(path.join(__dirname, '..', 'browser', 'paysmart.js'), 'utf8');
  assert.match(browser, new RegExp(`export const VERSION = '${require('../package.json').version.replace(/\./g, '\\.')}'`));
});
