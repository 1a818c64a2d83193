'use strict';

// The transport every resource goes through: one API call, retried as the Go
// SDK retries it (sdk/paysmart/client.go). Every POST and DELETE carries an
// Idempotency-Key, one per call and the same on each of its retries, so that
// a call retried after a network error, a 409 (the same key still running), a
// 429 or a 5xx cannot charge twice.

const crypto = require('node:crypto');
const errors = require('./errors');
const {version} = require('../package.json');

/** DEFAULT_API_BASE is where the API answers unless apiBase or PAYSMART_API_BASE says otherwise. */
const DEFAULT_API_BASE = 'https://api.paysmart.com/v2';

/** USER_AGENT is sent with every request. */
const USER_AGENT = `PaySmart/node ${version}`;

const DEFAULTS = {
  maxNetworkRetries: 2,
  timeout: 80000, // ms, for each attempt
  initialNetworkRetryDelay: 500, // ms; doubles with each retry, plus up to 50% jitter
  maxNetworkRetryDelay: 8000, // ms; Retry-After is honoured even when longer
};

/** OPTION_KEYS are the per-request options a call's last argument may carry. */
const OPTION_KEYS = ['apiKey', 'idempotencyKey', 'maxNetworkRetries', 'timeout'];

const CONFIG_KEYS = ['apiBase', ...Object.keys(DEFAULTS)];

/**
 * resolveConfig merges config over the defaults; the base URL comes from
 * config.apiBase, else PAYSMART_API_BASE, else DEFAULT_API_BASE. An unknown
 * key is refused, so that a misspelt option does not pass unnoticed.
 */
function resolveConfig(config = {}) {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError('PaySmart: the config must be an object.');
  }
  const unknown = Object.keys(config).filter((k) => !CONFIG_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`PaySmart: unknown config ${unknown.join(', ')} (known: ${CONFIG_KEYS.join(', ')}).`);
  }
  const resolved = {...DEFAULTS};
  for (const k of Object.keys(DEFAULTS)) {
    if (config[k] !== undefined) {
      if (!Number.isFinite(config[k]) || config[k] < 0) {
        throw new TypeError(`PaySmart: config ${k} must be a number >= 0.`);
      }
      resolved[k] = config[k];
    }
  }
  const base = config.apiBase || process.env.PAYSMART_API_BASE || DEFAULT_API_BASE;
  resolved.apiBase = base.replace(/\/+$/, '');
  return resolved;
}

/**
 * request makes one API call and resolves to the decoded answer, which carries
 * a non-enumerable lastResponse ({statusCode, headers, requestId,
 * idempotencyKey, idempotentReplayed}). GET and DELETE send params in the
 * query string in bracket notation; POST sends them as a JSON body.
 */
async function request(apiKey, config, method, path, params, options = {}) {
  apiKey = options.apiKey || apiKey;
  if (!apiKey) {
    throw new errors.PaySmartAuthenticationError({
      type: 'authentication_error',
      message: 'No API key provided: pass one to PaySmart(key), or apiKey in the request options.',
    });
  }
  let url = config.apiBase + path;
  let body;
  if (method === 'POST') {
    body = JSON.stringify(params || {});
  } else {
    const query = encodeQuery(params);
    if (query) {
      url += '?' + query;
    }
  }
  const idempotencyKey = method === 'GET' ? undefined : options.idempotencyKey || crypto.randomUUID();
  const headers = {Authorization: `Bearer ${apiKey}`, Accept: 'application/json', 'User-Agent': USER_AGENT};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  const maxRetries = options.maxNetworkRetries ?? config.maxNetworkRetries;
  const timeout = options.timeout ?? config.timeout;

  for (let attempt = 0; ; attempt++) {
    let res;
    let text;
    try {
      ({res, text} = await send(url, {method, headers, body}, timeout));
    } catch (err) {
      if (attempt < maxRetries) {
        await sleep(retryDelay(config, attempt, null));
        continue;
      }
      throw new errors.PaySmartConnectionError({
        message: `An error occurred with the connection to PaySmart (${describe(err)}); the request was retried ${attempt} times.`,
      }, {cause: err});
    }
    const resHeaders = Object.fromEntries(res.headers);
    if (res.status >= 200 && res.status < 300) {
      return decode(res.status, resHeaders, text, idempotencyKey);
    }
    if (attempt < maxRetries && retryable(res.status)) {
      await sleep(retryDelay(config, attempt, resHeaders['retry-after']));
      continue;
    }
    throw fromResponse(res.status, resHeaders, text);
  }
}

// send makes one attempt, reading the whole body within the timeout.
async function send(url, init, timeout) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const res = await fetch(url, {...init, signal: controller.signal});
    const text = await res.text();
    return {res, text};
  } catch (err) {
    if (controller.signal.aborted) {
      const timedOut = new Error(`timed out after ${timeout} ms`, {cause: err});
      timedOut.name = 'TimeoutError';
      throw timedOut;
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// describe says in a few words why an attempt failed: fetch's own error is
// only "fetch failed", its cause says what happened.
function describe(err) {
  if (err.name !== 'TimeoutError' && err.cause) {
    return err.cause.message || err.cause.code || String(err.cause);
  }
  return err.message;
}

function decode(statusCode, headers, text, idempotencyKey) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new errors.PaySmartAPIError({type: 'api_error', message: `Invalid JSON received from the PaySmart API: ${err.message}`},
      {statusCode, headers, rawBody: text, requestId: headers['request-id']});
  }
  if (obj && typeof obj === 'object') {
    Object.defineProperty(obj, 'lastResponse', {
      value: {
        statusCode,
        headers,
        requestId: headers['request-id'],
        idempotencyKey,
        idempotentReplayed: headers['idempotent-replayed'] === 'true',
      },
      enumerable: false,
    });
  }
  return obj;
}

/**
 * retryable reports whether an answer with this status may be retried: the
 * same key still running (409), too many requests (429), or a server failure
 * (5xx).
 */
function retryable(status) {
  return status === 409 || status === 429 || status >= 500;
}

/**
 * retryDelay is the wait in ms before retry attempt+1: Retry-After (seconds
 * or an HTTP date) when the server sent one, otherwise the initial delay
 * doubled per attempt with up to 50% jitter, at most maxNetworkRetryDelay.
 */
function retryDelay(config, attempt, retryAfter) {
  if (retryAfter != null) {
    const s = retryAfter.trim();
    if (/^-?\d+$/.test(s) && Number(s) >= 0) {
      return Number(s) * 1000;
    }
    const at = /[a-z]/i.test(s) ? Date.parse(s) : NaN; // an HTTP date names its day and month
    if (!Number.isNaN(at)) {
      return Math.max(0, at - Date.now());
    }
  }
  const base = Math.min(config.initialNetworkRetryDelay * 2 ** attempt, config.maxNetworkRetryDelay);
  return Math.min(base + Math.random() * (base / 2), config.maxNetworkRetryDelay);
}

function sleep(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * encodeQuery writes params in bracket notation: {created: {gte: 1}} as
 * created[gte]=1, {expand: ['customer']} as expand[]=customer. Undefined and
 * null values are left out.
 */
function encodeQuery(params) {
  const parts = [];
  const add = (key, value) => {
    if (value === undefined || value === null) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => add(typeof v === 'object' && v !== null ? `${key}[${i}]` : `${key}[]`, v));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        add(`${key}[${k}]`, v);
      }
    } else {
      const name = encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
      parts.push(`${name}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [k, v] of Object.entries(params || {})) {
    add(k, v);
  }
  return parts.join('&');
}

const byType = {
  card_error: errors.PaySmartCardError,
  invalid_request_error: errors.PaySmartInvalidRequestError,
  authentication_error: errors.PaySmartAuthenticationError,
  permission_error: errors.PaySmartPermissionError,
  idempotency_error: errors.PaySmartIdempotencyError,
  rate_limit_error: errors.PaySmartRateLimitError,
  api_error: errors.PaySmartAPIError,
};

const byStatus = {
  400: errors.PaySmartInvalidRequestError,
  401: errors.PaySmartAuthenticationError,
  402: errors.PaySmartCardError,
  403: errors.PaySmartPermissionError,
  404: errors.PaySmartInvalidRequestError,
  409: errors.PaySmartIdempotencyError,
  429: errors.PaySmartRateLimitError,
};

/**
 * fromResponse builds the error for an answer that is not a success: from its
 * JSON error object when it has one, else from its status and text.
 */
function fromResponse(statusCode, headers, rawBody) {
  let raw;
  try {
    const body = JSON.parse(rawBody);
    if (body && typeof body.error === 'object' && body.error !== null) {
      raw = body.error;
    }
  } catch {
    // Not JSON (a proxy's page, say): the status decides, the text is the message.
  }
  const Class = (raw && byType[raw.type]) || byStatus[statusCode] || errors.PaySmartAPIError;
  if (!raw) {
    const type = Object.keys(byType).find((t) => byType[t] === Class);
    raw = {type, message: rawBody.trim() || `The PaySmart API answered HTTP ${statusCode}.`};
  }
  return new Class(raw, {statusCode, headers, rawBody, requestId: headers['request-id']});
}

module.exports = {DEFAULT_API_BASE, USER_AGENT, OPTION_KEYS, resolveConfig, request, encodeQuery, retryDelay};
