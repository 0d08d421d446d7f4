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
  const timers = {setTimeout: (fn) => pending.push(fn), Date: {now: () => 0}};
  let calls = 0;
  const soon = coalesce(() => calls++, 250, {timers});
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

test('with a minimum gap, a run right after another waits out the gap', () => {
  const waits = [];
  let now = 1000;
  const timers = {setTimeout: (fn, ms) => waits.push({fn, ms}), Date: {now: () => now}};
  const soon = coalesce(() => {}, 250, {minGapMs: 2000, timers});
  soon();
  assert.equal(waits[0].ms, 250);  // the first change shows quickly
  now += 250;
  waits[0].fn();
  now += 100;
  soon();
  assert.equal(waits[1].ms, 1900);  // 2 s after the last run, not 250 ms after this event
  now += 5000;
  waits[1].fn();
  now += 3000;
  soon();
  assert.equal(waits[2].ms, 250);  // a quiet page is quick again
});
