'use strict';

// Webhook signatures: the vectors every PaySmart library shares
// (sdk/testdata/webhook_vectors.json), then the Node-specific inputs.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const PaySmart = require('paysmart');
const {verifyAt} = require('../lib/webhooks');

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'testdata', 'webhook_vectors.json'), 'utf8'));
const {SignatureVerificationError} = PaySmart.errors;

test('the shared vectors are there', () => {
  assert.ok(vectors.cases.length >= 10);
  assert.equal(vectors.tolerance, PaySmart.webhooks.DEFAULT_TOLERANCE);
});

for (const c of vectors.cases) {
  test(`vector: ${c.name}`, () => {
    for (const payload of [c.payload, Buffer.from(c.payload, 'utf8')]) {
      if (c.valid) {
        const event = verifyAt(payload, c.header, c.secret, vectors.tolerance, c.now);
        assert.deepEqual(event, JSON.parse(c.payload));
      } else {
        assert.throws(() => verifyAt(payload, c.header, c.secret, vectors.tolerance, c.now), (err) => {
          assert.ok(err instanceof SignatureVerificationError, `${err}`);
          assert.ok(err instanceof PaySmart.errors.PaySmartSignatureVerificationError);
          assert.ok(err instanceof PaySmart.errors.PaySmartError);
          assert.equal(err.code, c.error);
          assert.equal(err.header, c.header);
          return true;
        });
      }
    }
  });
}

test('a tolerance that is not positive means the default 300 s', () => {
  const c = vectors.cases.find((x) => x.name === 'valid');
  for (const tolerance of [undefined, 0, -5]) {
    assert.ok(verifyAt(c.payload, c.header, c.secret, tolerance, 1735689600 + 300));
    assert.throws(() => verifyAt(c.payload, c.header, c.secret, tolerance, 1735689600 + 301), {code: 'too_old'});
  }
  assert.ok(verifyAt(c.payload, c.header, c.secret, 1000, 1735689600 + 999));
});

test('constructEvent uses the clock: a header signed now passes, one signed 10 minutes ago does not', () => {
  const payload = JSON.stringify({id: 'evt_1', object: 'event', type: 'payment.succeeded', data: {object: {id: 'pay_1'}}});
  const secret = 'whsec_now';
  const header = PaySmart.webhooks.generateTestHeaderString({payload, secret});
  const event = PaySmart.webhooks.constructEvent(payload, header, secret);
  assert.equal(event.type, 'payment.succeeded');
  assert.equal(event.data.object.id, 'pay_1');
  assert.equal(PaySmart.webhooks.verifyHeader(Buffer.from(payload), header, secret), true);
  const old = PaySmart.webhooks.generateTestHeaderString({payload, secret, timestamp: Math.floor(Date.now() / 1000) - 600});
  assert.throws(() => PaySmart.webhooks.constructEvent(payload, old, secret), {code: 'too_old'});
  assert.ok(PaySmart.webhooks.constructEvent(payload, old, secret, 900), 'a wider tolerance accepts it');
  const paysmart = PaySmart('sk_test_x', {apiBase: 'http://127.0.0.1:9/v2'});
  assert.equal(paysmart.webhooks.constructEvent(Buffer.from(payload), header, secret).id, 'evt_1');
});

test('generateTestHeaderString matches the shared vector', () => {
  const c = vectors.cases.find((x) => x.name === 'valid');
  assert.equal(PaySmart.webhooks.generateTestHeaderString({payload: c.payload, secret: c.secret, timestamp: 1735689600}), c.header);
});

test('a parsed body is refused with a message naming express.raw', () => {
  const c = vectors.cases.find((x) => x.name === 'valid');
  assert.throws(() => PaySmart.webhooks.constructEvent(JSON.parse(c.payload), c.header, c.secret),
    (err) => err instanceof SignatureVerificationError && err.code === 'invalid_payload' && /express\.raw/.test(err.message));
});

test('a missing header or secret is refused', () => {
  const c = vectors.cases.find((x) => x.name === 'valid');
  assert.throws(() => PaySmart.webhooks.constructEvent(c.payload, undefined, c.secret), {code: 'invalid_header'});
  assert.throws(() => PaySmart.webhooks.constructEvent(c.payload, [c.header], c.secret), {code: 'invalid_header'});
  assert.throws(() => PaySmart.webhooks.constructEvent(c.payload, c.header, ''), TypeError);
});

test('a signed body that is not JSON is a SyntaxError, after the signature passed', () => {
  const payload = 'not json';
  const header = PaySmart.webhooks.generateTestHeaderString({payload, secret: 's'});
  assert.throws(() => PaySmart.webhooks.constructEvent(payload, header, 's'), SyntaxError);
  assert.equal(PaySmart.webhooks.verifyHeader(payload, header, 's'), true);
});

test('a Uint8Array body is accepted', () => {
  const c = vectors.cases.find((x) => x.name === 'valid');
  const bytes = new TextEncoder().encode(c.payload);
  assert.equal(verifyAt(bytes, c.header, c.secret, 300, c.now).id, 'evt_test');
});
