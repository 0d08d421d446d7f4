// Unit tests for event_feed.js: cursor-resumed event loads merged with stream events.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {createEventFeed} from '../js/event_feed.js';

function fakeFetch(pages) {
  const urls = [];
  globalThis.fetch = async (url) => {
    urls.push(url);
    const data = pages.shift();
    return {
      status: 200,
      ok: true,
      text: async () => JSON.stringify({status: 'SUCCESS', message: 'success', data})
    };
  };
  return urls;
}

const event = (id, time, appId) =>
    ({type: 'APP_STATE_CHANGE', id, time, metadata: {APP_ID: appId}});

test('loads resume from the returned cursor and keep only the page\'s events', async () => {
  const urls = fakeFetch([
    {events: [event('b', 20, 'web-1'), event('a', 10, 'other-1')], lastSyncTime: 20},
    {events: [event('c', 30, 'web-1')], lastSyncTime: 30},
  ]);
  const feed = createEventFeed((e) => e.metadata.APP_ID === 'web-1');
  assert.deepEqual((await feed.update()).map((e) => e.id), ['b']);
  feed.add(event('d', 25, 'web-1'));
  feed.add(event('x', 26, 'other-1'));
  assert.deepEqual((await feed.update()).map((e) => e.id), ['c', 'd', 'b']);
  assert.match(urls[0], /lastSyncTime=0$/);
  assert.match(urls[1], /lastSyncTime=20$/);
});

test('a failed load keeps what the feed has', async () => {
  globalThis.fetch = async () => ({status: 500, ok: false, text: async () => '{"error":"boom"}'});
  const feed = createEventFeed();
  feed.add(event('a', 1, 'web-1'));
  assert.deepEqual((await feed.update()).map((e) => e.id), ['a']);
});
