'use strict';

// Webhook signatures, as sdk/webhook/webhook.go checks them. Every delivery
// is a POST whose body is the event as JSON and whose PaySmart-Signature
// header reads
//
//   t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
//
// with one v1 per secret in use (two while a rolled secret's grace period
// runs). It is Stripe's scheme, so the calls are stripe-node's.

const crypto = require('node:crypto');
const {PaySmartSignatureVerificationError} = require('./errors');

/** SIGNATURE_HEADER is the HTTP header that carries the signature. */
const SIGNATURE_HEADER = 'PaySmart-Signature';

/** DEFAULT_TOLERANCE is how many seconds a timestamp may be from now before the event is refused as a replay. */
const DEFAULT_TOLERANCE = 300;

const MESSAGES = {
  invalid_header: 'Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>).',
  not_signed: 'The PaySmart-Signature header has no v1 signature.',
  no_valid_signature: 'No signature matches the payload and the endpoint secret: pass the raw request body ' +
    '(express.raw, not express.json) and the endpoint\'s whsec_ secret.',
  too_old: 'The signature\'s timestamp is too old (possible replay).',
  in_future: 'The signature\'s timestamp is in the future.',
};

/**
 * constructEvent verifies that payload (the raw body, a Buffer or string)
 * was signed with secret within tolerance seconds of now (300 when not
 * positive) and returns the decoded event. It throws a
 * PaySmartSignatureVerificationError whose code is invalid_header,
 * not_signed, no_valid_signature, too_old or in_future.
 */
function constructEvent(payload, header, secret, tolerance) {
  return verifyAt(payload, header, secret, tolerance, Date.now() / 1000);
}

/** verifyHeader is constructEvent without the decoding: it returns true or throws. */
function verifyHeader(payload, header, secret, tolerance) {
  check(payload, header, secret, tolerance, Date.now() / 1000);
  return true;
}

/**
 * verifyAt is constructEvent with the verifier's clock given (Unix seconds),
 * for tests; it is not part of the public API.
 */
function verifyAt(payload, header, secret, tolerance, now) {
  const body = check(payload, header, secret, tolerance, now);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new SyntaxError(`PaySmart: the webhook is signed but is not JSON: ${err.message}`);
  }
}

function check(payload, header, secret, tolerance, now) {
  const body = rawBody(payload, header);
  const fail = (code) => {
    throw new PaySmartSignatureVerificationError(code, MESSAGES[code], header, payload);
  };
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError('PaySmart: the webhook secret (whsec_...) is missing.');
  }
  if (!(tolerance > 0)) {
    tolerance = DEFAULT_TOLERANCE;
  }
  const parsed = parseHeader(header);
  if (typeof parsed === 'string') {
    fail(parsed);
  }
  const expected = computeSignature(parsed.timestamp, body, secret);
  let ok = false;
  for (const sig of parsed.signatures) {
    // Every candidate is compared, in constant time.
    ok = crypto.timingSafeEqual(sig, expected) || ok;
  }
  if (!ok) {
    fail('no_valid_signature');
  }
  // Checked after the signature, so that a forged header learns nothing.
  const age = now - parsed.timestamp;
  if (age > tolerance) {
    fail('too_old');
  }
  if (age < -tolerance) {
    fail('in_future');
  }
  return body;
}

function rawBody(payload, header) {
  if (Buffer.isBuffer(payload)) {
    return payload;
  }
  if (payload instanceof Uint8Array) {
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  if (typeof payload === 'string') {
    return Buffer.from(payload, 'utf8');
  }
  throw new PaySmartSignatureVerificationError('invalid_payload',
    'The webhook payload must be the raw request body as a Buffer or string (use express.raw({type: ' +
    '\'application/json\'}), not express.json()).', header, payload);
}

// parseHeader reads t and every v1 of a signature header, or returns the
// failure's code. Other schemes (Stripe's v0) and unknown keys are ignored,
// and so is a v1 that is not 64 hex digits.
function parseHeader(header) {
  if (typeof header !== 'string') {
    return 'invalid_header';
  }
  let timestamp = null;
  const signatures = [];
  for (const part of header.split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    if (eq < 0) {
      continue;
    }
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (key === 't') {
      if (!/^[+-]?\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
        return 'invalid_header';
      }
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null) {
    return 'invalid_header';
  }
  if (signatures.length === 0) {
    return 'not_signed';
  }
  return {timestamp, signatures};
}

/** computeSignature returns HMAC-SHA256(secret, "<t>.<payload>") as a Buffer. */
function computeSignature(timestamp, payload, secret) {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
}

/**
 * generateTestHeaderString returns a PaySmart-Signature value for payload,
 * as the server would send it, for a merchant's own tests:
 * {payload, secret, timestamp (Unix seconds, default now)}.
 */
function generateTestHeaderString({payload, secret, timestamp = Math.floor(Date.now() / 1000)}) {
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError('PaySmart: generateTestHeaderString needs a secret.');
  }
  const sig = computeSignature(timestamp, rawBody(payload, ''), secret).toString('hex');
  return `t=${timestamp},v1=${sig}`;
}

module.exports = {
  SIGNATURE_HEADER,
  DEFAULT_TOLERANCE,
  constructEvent,
  verifyHeader,
  generateTestHeaderString,
  computeSignature,
  verifyAt,
};
