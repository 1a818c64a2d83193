'use strict';

// A stub of the PaySmart API for the unit tests: an HTTP server on
// 127.0.0.1:0 that records every request and answers with what the test's
// handler returns ({status, headers, body}, body an object or a string).

const http = require('node:http');

/** startStub starts a stub; handler(req, n) gets the recorded request and its 0-based index. */
async function startStub(handler) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, 'http://stub');
      const recorded = {
        method: req.method,
        path: url.pathname,
        query: url.search.slice(1),
        searchParams: url.searchParams,
        headers: req.headers,
        body,
        json: body ? JSON.parse(body) : undefined,
      };
      requests.push(recorded);
      const answer = (await handler(recorded, requests.length - 1)) || {};
      if (answer.destroy) {
        req.socket.destroy();
        return;
      }
      const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status || 200, {'Content-Type': 'application/json', ...answer.headers});
      res.end(payload);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address();
  return {
    base: `http://127.0.0.1:${port}/v2`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

/** closedBase returns a base URL where nothing listens. */
async function closedBase() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v2`;
}

module.exports = {startStub, closedBase};
