'use strict';

// Lists, as stripe-node has them: list() resolves to one page
// ({object: 'list', data, has_more, url}) and is also an async iterable that
// walks every item across pages, asking for the page after the last item's
// id (starting_after) while has_more says there is more. A list started with
// ending_before walks the other way, towards newer items.

/**
 * listPromise starts fetching the first page with fetchPage(params) and
 * returns that promise, made async iterable and given autoPagingEach and
 * autoPagingToArray. The page it resolves to is async iterable too.
 */
function listPromise(fetchPage, params = {}) {
  const first = fetchPage(params).then((page) => iterablePage(fetchPage, params, page));
  const items = () => walk(fetchPage, params, first);
  return Object.assign(first, {
    [Symbol.asyncIterator]: items,
    autoPagingEach: (onItem) => autoPagingEach(items(), onItem),
    autoPagingToArray: (opts) => autoPagingToArray(items(), opts),
  });
}

function iterablePage(fetchPage, params, page) {
  if (page && typeof page === 'object') {
    Object.defineProperty(page, Symbol.asyncIterator, {
      value: () => walk(fetchPage, params, Promise.resolve(page)),
      enumerable: false,
    });
  }
  return page;
}

async function* walk(fetchPage, params, firstPage) {
  const backwards = params.ending_before != null && params.starting_after == null;
  let page = await firstPage;
  for (;;) {
    const data = (page && page.data) || [];
    if (backwards) {
      for (let i = data.length - 1; i >= 0; i--) {
        yield data[i];
      }
    } else {
      yield* data;
    }
    if (!page.has_more || data.length === 0) {
      return;
    }
    const next = {...params};
    if (backwards) {
      next.ending_before = data[0].id;
    } else {
      next.starting_after = data[data.length - 1].id;
    }
    page = await fetchPage(next);
  }
}

/**
 * autoPagingEach calls onItem with every item in turn, awaiting what it
 * returns; it stops early when onItem returns (or resolves to) false.
 */
async function autoPagingEach(items, onItem) {
  if (typeof onItem !== 'function') {
    throw new TypeError('PaySmart: autoPagingEach needs a function.');
  }
  for await (const item of items) {
    if ((await onItem(item)) === false) {
      break;
    }
  }
}

/** autoPagingToArray collects up to limit items (default and at most 10000). */
async function autoPagingToArray(items, {limit = 10000} = {}) {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
    throw new TypeError('PaySmart: autoPagingToArray limit must be an integer from 1 to 10000.');
  }
  const out = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) {
      break;
    }
  }
  return out;
}

module.exports = {listPromise};
