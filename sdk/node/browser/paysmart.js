// PaySmart for the browser: one self-contained ES module, no bundler needed.
// It holds a publishable key (pk_...) and makes the one call such a key may
// make: tokenising a card into a payment method (pm_...), whose id the page
// then sends to its own server, which charges it with the secret key.
//
//   <script type="module">
//     import {PaySmart} from '/static/paysmart.js';
//     const paysmart = PaySmart('pk_test_...', {apiBase: 'https://pay.example.com/v2'});
//     const pm = await paysmart.paymentMethods.create({type: 'card', card: {number, exp_month, exp_year, cvc}});
//   </script>
//
// A secret key (sk_...) is refused before anything is sent: it must never
// reach a browser. Writes carry an Idempotency-Key kept across retries, as in
// the Node library.

/** VERSION is the library's version. */
export const VERSION = '1.0.0';

/** DEFAULT_API_BASE is where the API answers unless apiBase says otherwise. */
export const DEFAULT_API_BASE = 'https://api.paysmart.com/v2';

/** PaySmartError is the base of the errors this module throws; rawType is the API's error.type. */
export class PaySmartError extends Error {
  constructor(raw = {}, options = {}) {
    super(raw.message || 'An error occurred with the PaySmart API.', options.cause ? {cause: options.cause} : undefined);
    this.type = this.constructor.name;
    this.name = this.constructor.name;
    this.rawType = raw.type;
    this.code = raw.code;
    this.param = raw.param;
    this.decline_code = raw.decline_code;
    this.statusCode = options.statusCode;
    this.requestId = raw.request_id || options.requestId;
    this.raw = raw;
  }
}

/** PaySmartCardError is a card the API refuses (402). */
export class PaySmartCardError extends PaySmartError {}
/** PaySmartInvalidRequestError is a bad or missing parameter (400; param names it). */
export class PaySmartInvalidRequestError extends PaySmartError {}
/** PaySmartAuthenticationError is an unknown or revoked key (401). */
export class PaySmartAuthenticationError extends PaySmartError {}
/** PaySmartPermissionError is a call the key may not make (403). */
export class PaySmartPermissionError extends PaySmartError {}
/** PaySmartIdempotencyError is an Idempotency-Key conflict (400, or 409 after the retries). */
export class PaySmartIdempotencyError extends PaySmartError {}
/** PaySmartRateLimitError is too many requests (429) after the retries. */
export class PaySmartRateLimitError extends PaySmartError {}
/** PaySmartAPIError is a server failure (5xx) or an unreadable answer. */
export class PaySmartAPIError extends PaySmartError {}
/** PaySmartConnectionError is a network failure or timeout after the retries. */
export class PaySmartConnectionError extends PaySmartError {}

/** errors holds every error class, under the Node library's names and short aliases. */
export const errors = Object.freeze({
  PaySmartError, PaySmartCardError, PaySmartInvalidRequestError, PaySmartAuthenticationError,
  PaySmartPermissionError, PaySmartIdempotencyError, PaySmartRateLimitError, PaySmartAPIError,
  PaySmartConnectionError,
  CardError: PaySmartCardError, InvalidRequestError: PaySmartInvalidRequestError,
  AuthenticationError: PaySmartAuthenticationError, PermissionError: PaySmartPermissionError,
  IdempotencyError: PaySmartIdempotencyError, RateLimitError: PaySmartRateLimitError, APIError: PaySmartAPIError,
  APIConnectionError: PaySmartConnectionError, ConnectionError: PaySmartConnectionError,
});

const byType = {
  card_error: PaySmartCardError,
  invalid_request_error: PaySmartInvalidRequestError,
  authentication_error: PaySmartAuthenticationError,
  permission_error: PaySmartPermissionError,
  idempotency_error: PaySmartIdempotencyError,
  rate_limit_error: PaySmartRateLimitError,
  api_error: PaySmartAPIError,
};

const byStatus = {
  400: PaySmartInvalidRequestError, 401: PaySmartAuthenticationError, 402: PaySmartCardError,
  403: PaySmartPermissionError, 404: PaySmartInvalidRequestError, 409: PaySmartIdempotencyError,
  429: PaySmartRateLimitError,
};

/**
 * PaySmart returns a client for a publishable key (pk_test_... or
 * pk_live_...); call it with or without new. options: {apiBase,
 * maxNetworkRetries (default 2), timeout (ms, default 30000)}. It throws at
 * once when given a secret key.
 */
export function PaySmart(publishableKey, options = {}) {
  if (typeof publishableKey === 'string' && /^(sk|rk)_/.test(publishableKey)) {
    throw new Error('PaySmart: a secret key (sk_...) must never be used in a browser, where anyone can read it. ' +
      'Give PaySmart() your publishable key (pk_test_... or pk_live_...), and keep the secret key on your server.');
  }
  if (typeof publishableKey !== 'string' || !publishableKey.startsWith('pk_')) {
    throw new Error('PaySmart: give PaySmart() your publishable key (pk_test_... or pk_live_...).');
  }
  const config = {
    apiBase: String(options.apiBase || DEFAULT_API_BASE).replace(/\/+$/, ''),
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeout ?? 30000,
    initialNetworkRetryDelay: options.initialNetworkRetryDelay ?? 500,
    maxNetworkRetryDelay: options.maxNetworkRetryDelay ?? 8000,
  };
  const post = (path, params) => request(publishableKey, config, path, params);
  return {
    paymentMethods: Object.freeze({
      /**
       * create tokenises a card: {type: 'card', card: {number, exp_month,
       * exp_year, cvc}}; it resolves to the payment method (id pm_...).
       */
      create: (params) => post('/payment_methods', params),
    }),
  };
}

export default PaySmart;

async function request(key, config, path, params) {
  const headers = {
    Authorization: `Bearer ${key}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'Idempotency-Key': uuid(),
  };
  const body = JSON.stringify(params || {});
  for (let attempt = 0; ; attempt++) {
    let res;
    let text;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeout);
    try {
      res = await fetch(config.apiBase + path, {method: 'POST', headers, body, signal: controller.signal});
      text = await res.text();
    } catch (err) {
      if (attempt < config.maxNetworkRetries) {
        await sleep(delay(config, attempt, null));
        continue;
      }
      const why = controller.signal.aborted ? `timed out after ${config.timeout} ms` : err.message;
      throw new PaySmartConnectionError({message: `An error occurred with the connection to PaySmart (${why}); ` +
        `the request was retried ${attempt} times.`}, {cause: err});
    } finally {
      clearTimeout(timer);
    }
    const requestId = res.headers.get('Request-Id') || undefined;
    if (res.status >= 200 && res.status < 300) {
      try {
        return JSON.parse(text);
      } catch (err) {
        throw new PaySmartAPIError({type: 'api_error', message: `Invalid JSON received from the PaySmart API: ${err.message}`},
          {statusCode: res.status, requestId});
      }
    }
    if (attempt < config.maxNetworkRetries && (res.status === 409 || res.status === 429 || res.status >= 500)) {
      await sleep(delay(config, attempt, res.headers.get('Retry-After')));
      continue;
    }
    let raw;
    try {
      const parsed = JSON.parse(text);
      raw = parsed && typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : undefined;
    } catch {
      // Not JSON: the status decides.
    }
    const Class = (raw && byType[raw.type]) || byStatus[res.status] || PaySmartAPIError;
    throw new Class(raw || {message: text.trim() || `The PaySmart API answered HTTP ${res.status}.`},
      {statusCode: res.status, requestId});
  }
}

// delay is the wait in ms before retry attempt+1: Retry-After when sent,
// else exponential backoff with up to 50% jitter.
function delay(config, attempt, retryAfter) {
  if (retryAfter != null && /^\s*\d+\s*$/.test(retryAfter)) {
    return Number(retryAfter) * 1000;
  }
  if (retryAfter != null && /[a-z]/i.test(retryAfter) && !Number.isNaN(Date.parse(retryAfter))) {
    return Math.max(0, Date.parse(retryAfter) - Date.now());
  }
  const base = Math.min(config.initialNetworkRetryDelay * 2 ** attempt, config.maxNetworkRetryDelay);
  return Math.min(base + Math.random() * (base / 2), config.maxNetworkRetryDelay);
}

function sleep(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

// uuid is a random UUID v4; crypto.randomUUID exists only in secure contexts.
function uuid() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
