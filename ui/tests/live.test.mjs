// Unit tests for live.js: stream/polling state and refresh coalescing.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {coalesce, nextLiveState, shownMode} from '../js/live.js';

test('the stream shows as live only while connected', () => {
  let state = 'connecting';
  assert.equal(shownMode(state), 'polling');
  state = nextLiveState(state, 'open');
  assert.equal(shownMode(state), 'stream');
  state = nextLiveState(state, 'error');
  assert.equal(shownMode(state), 'polling');
  state = nextLiveState(state, 'reconnect');
  assert.equal(state, 'connecting');
  assert.equal(nextLiveState('polling', 'unsupported'), 'polling');
  assert.equal(nextLiveState('stream', 'something'), 'stream');
});

test('a burst of calls runs fn once, and a steady stream still runs it every period', () => {
  const pending = [];
  const timers = {setTimeout: (fn) => pending.push(fn)};
  let calls = 0;
  const soon = coalesce(() => calls++, 250, timers);
  soon();
  soon();
  soon();
  assert.equal(pending.length, 1);
  pending.shift()();
  assert.equal(calls, 1);
  soon();
  assert.equal(pending.length, 1);
  pending.shift()();
  assert.equal(calls, 2);
});
