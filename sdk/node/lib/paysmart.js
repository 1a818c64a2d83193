'use strict';

// The PaySmart library for Node.js: a client of the PaySmart v2 API
// (api/paysmart.yaml) in stripe-node's shape. It uses only Node's standard
// library and its global fetch.
//
//   const paysmart = require('paysmart')('sk_test_...');
//   const payment = await paysmart.payments.create({amount: 2000, currency: 'usd', payment_method: {...}});

const client = require('./client');
const errors = require('./errors');
const {bindResources} = require('./resources');
const hooks = require('./webhooks');
const {version} = require('../package.json');

/** webhooks verifies the events PaySmart sends to a webhook endpoint. */
const webhooks = Object.freeze({
  SIGNATURE_HEADER: hooks.SIGNATURE_HEADER,
  DEFAULT_TOLERANCE: hooks.DEFAULT_TOLERANCE,
  constructEvent: hooks.constructEvent,
  verifyHeader: hooks.verifyHeader,
  generateTestHeaderString: hooks.generateTestHeaderString,
});

/**
 * PaySmart is a client that calls the API with one secret key. Call it with
 * or without new. config: {apiBase, maxNetworkRetries (default 2), timeout
 * (ms, default 80000), initialNetworkRetryDelay (ms, default 500),
 * maxNetworkRetryDelay (ms, default 8000)}.
 */
function PaySmart(key, config) {
  if (!(this instanceof PaySmart)) {
    return new PaySmart(key, config);
  }
  if (key != null && typeof key !== 'string') {
    throw new TypeError('PaySmart: the API key must be a string (sk_test_... or sk_live_...).');
  }
  const resolved = client.resolveConfig(config);
  Object.defineProperty(this, '_apiKey', {value: key || null, enumerable: false});
  Object.defineProperty(this, '_config', {value: Object.freeze(resolved), enumerable: false});
  Object.assign(this, bindResources((method, path, params, options) =>
    client.request(this._apiKey, this._config, method, path, params, options)));
  this.errors = errors;
  this.webhooks = webhooks;
}

/** PaySmart.prototype.getApiBase returns the base URL requests go to, /v2 included. */
PaySmart.prototype.getApiBase = function () {
  return this._config.apiBase;
};

/** PaySmart.prototype.getMaxNetworkRetries returns how many times a failed call is retried. */
PaySmart.prototype.getMaxNetworkRetries = function () {
  return this._config.maxNetworkRetries;
};

PaySmart.PaySmart = PaySmart;
PaySmart.default = PaySmart;
PaySmart.errors = errors;
PaySmart.webhooks = webhooks;
PaySmart.VERSION = version;
PaySmart.USER_AGENT = client.USER_AGENT;
PaySmart.DEFAULT_API_BASE = client.DEFAULT_API_BASE;

module.exports = PaySmart;
