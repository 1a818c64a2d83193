'use strict';

// Every endpoint the library calls, one line each, as api/paysmart.yaml
// names them (paths under the base URL, which ends in /v2). A method whose
// path has {id} takes the id first; every method then takes optional params
// and optional per-request options ({apiKey, idempotencyKey,
// maxNetworkRetries, timeout}), as stripe-node's do. A lone object made only
// of option keys is taken as the options.

const {OPTION_KEYS} = require('./client');
const {listPromise} = require('./list');

const GET = 'GET';
const POST = 'POST';
const DELETE = 'DELETE';
const LIST = {list: true};

/** RESOURCES maps each resource's property name to its methods: [verb, path, flags]. */
const RESOURCES = {
  payments: {
    create: [POST, '/payments'], // a declined card is a PaySmartCardError carrying the failed payment
    retrieve: [GET, '/payments/{id}'], // params: {expand: ['customer', 'payment_method']}
    update: [POST, '/payments/{id}'], // description, customer, receipt_email, metadata
    list: [GET, '/payments', LIST], // filters: customer, status, created
    capture: [POST, '/payments/{id}/capture'], // params: {amount} to capture part; all by default
    cancel: [POST, '/payments/{id}/cancel'], // releases an authorisation or ends a 3-D Secure wait
  },
  refunds: {
    create: [POST, '/refunds'], // {payment, amount?, reason?, metadata?}
    retrieve: [GET, '/refunds/{id}'],
    list: [GET, '/refunds', LIST], // filter: payment
  },
  customers: {
    create: [POST, '/customers'],
    retrieve: [GET, '/customers/{id}'], // a deleted customer answers {id, object, deleted: true}
    update: [POST, '/customers/{id}'],
    del: [DELETE, '/customers/{id}'],
    list: [GET, '/customers', LIST], // filter: email
  },
  paymentMethods: {
    create: [POST, '/payment_methods'], // the one call a publishable key may make
    retrieve: [GET, '/payment_methods/{id}'],
  },
  events: {
    retrieve: [GET, '/events/{id}'],
    list: [GET, '/events', LIST], // filter: type
    listDeliveries: [GET, '/events/{id}/deliveries', LIST], // every attempt to deliver an event
    retry: [POST, '/events/{id}/retry'], // delivers an event again now
  },
  webhookEndpoints: {
    create: [POST, '/webhook_endpoints'], // the answer's secret is shown only this once
    retrieve: [GET, '/webhook_endpoints/{id}'],
    update: [POST, '/webhook_endpoints/{id}'], // {disabled: true} stops its deliveries
    del: [DELETE, '/webhook_endpoints/{id}'],
    list: [GET, '/webhook_endpoints', LIST],
    rollSecret: [POST, '/webhook_endpoints/{id}/roll_secret'], // {expires_in}: seconds the old secret still signs
  },
  subscriptions: {
    create: [POST, '/subscriptions'],
    retrieve: [GET, '/subscriptions/{id}'],
    update: [POST, '/subscriptions/{id}'], // payment_method, metadata
    cancel: [DELETE, '/subscriptions/{id}'], // nothing more is charged
    list: [GET, '/subscriptions', LIST], // filters: customer, status
  },
  testHelpers: {
    testClocks: {
      create: [POST, '/test_helpers/test_clocks'], // {frozen_time, name?}; test mode only
      retrieve: [GET, '/test_helpers/test_clocks/{id}'],
      del: [DELETE, '/test_helpers/test_clocks/{id}'],
      list: [GET, '/test_helpers/test_clocks', LIST],
      advance: [POST, '/test_helpers/test_clocks/{id}/advance'], // {frozen_time}
    },
  },
};

/**
 * bindResources builds the resource objects of one client from RESOURCES;
 * call(method, path, params, options) makes the request.
 */
function bindResources(call, table = RESOURCES) {
  const out = {};
  for (const [name, entry] of Object.entries(table)) {
    out[name] = Array.isArray(Object.values(entry)[0])
      ? Object.fromEntries(Object.entries(entry).map(([m, [verb, path, flags]]) => [m, method(call, verb, path, flags)]))
      : bindResources(call, entry);
  }
  return out;
}

function method(call, verb, path, {list = false} = {}) {
  const needsID = path.includes('{id}');
  return function (...args) {
    let fullPath = path;
    let problem = null;
    if (needsID) {
      const id = args.shift();
      if (typeof id !== 'string' || id === '') {
        problem = new TypeError(`PaySmart: the first argument must be the object's id (a non-empty string), not ${JSON.stringify(id)}.`);
      } else {
        fullPath = path.replace('{id}', encodeURIComponent(id));
      }
    }
    let params;
    let options;
    try {
      [params, options] = splitArgs(args);
    } catch (err) {
      problem = problem || err;
    }
    const fetchPage = (p) => (problem ? Promise.reject(problem) : call(verb, fullPath, p, options));
    return list ? listPromise(fetchPage, params) : fetchPage(params);
  };
}

function isOptions(o) {
  return isObject(o) && Object.keys(o).length > 0 && Object.keys(o).every((k) => OPTION_KEYS.includes(k));
}

function isObject(o) {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}

function splitArgs(args) {
  if (args.length > 2) {
    throw new TypeError('PaySmart: too many arguments: give (params, options) after the id.');
  }
  let [params, options] = args;
  if (args.length === 1 && isOptions(params)) {
    [params, options] = [{}, params];
  }
  params = params ?? {};
  options = options ?? {};
  if (!isObject(params)) {
    throw new TypeError('PaySmart: params must be an object.');
  }
  if (!isObject(options)) {
    throw new TypeError('PaySmart: options must be an object.');
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new TypeError(`PaySmart: unknown request option ${unknown.join(', ')} (known: ${OPTION_KEYS.join(', ')}).`);
  }
  return [params, options];
}

module.exports = {RESOURCES, bindResources};
