// Unit tests for events_model.js: event links, text, filters, merging.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventLink, eventMatches, eventText, mergeEvents} from '../js/events_model.js';

const instanceEvent = {
  type: 'INSTANCE_STATE_CHANGE',
  id: 'e1',
  time: 10,
  metadata: {
    APP_ID: 'web-1',
    APP_NAME: 'web',
    INSTANCE_ID: 'AI-1',
    EXECUTOR_ID: 'ex1',
    CURRENT_STATE: 'HEALTHY'
  }
};
const taskEvent = {
  type: 'TASK_STATE_CHANGE',
  id: 'e2',
  time: 20,
  metadata: {
    APP_NAME: 'batch',
    TASK_ID: 't/1',
    EXECUTOR_ID: 'ex2',
    CURRENT_STATE: 'STOPPED',
    RESULT_STATUS: 'FAILED'
  }
};

test('events link to the page of their object', () => {
  assert.equal(eventLink(instanceEvent), '/ui/apps/web-1/instances/AI-1');
  assert.equal(eventLink(taskEvent), '/ui/tasks/batch/t%2F1');
  assert.equal(eventLink({type: 'EXECUTOR_REMOVED', metadata: {EXECUTOR_ID: 'x'}}), null);
  assert.equal(eventLink({type: 'MAINTENANCE_MODE_SET', metadata: {}}), '/ui/cluster');
  assert.equal(
      eventLink({type: 'EXECUTOR_BLACKLISTED', metadata: {EXECUTOR_ID: 'x'}}), '/ui/executors/x');
});

test('event text names the object and its new state', () => {
  assert.equal(eventText(instanceEvent), 'web-1 AI-1 HEALTHY');
  assert.equal(eventText(taskEvent), 't/1 STOPPED FAILED');
});

test('filters by type, app and executor', () => {
  assert.ok(eventMatches(instanceEvent, {}));
  assert.ok(
      eventMatches(instanceEvent, {type: 'INSTANCE_STATE_CHANGE', app: 'web-1', executor: 'ex1'}));
  assert.ok(eventMatches(instanceEvent, {app: 'web'}));
  assert.ok(eventMatches(taskEvent, {app: 'batch'}));
  assert.ok(!eventMatches(instanceEvent, {type: 'APP_STATE_CHANGE'}));
  assert.ok(!eventMatches(instanceEvent, {executor: 'ex2'}));
});

test('merging keeps one copy of each event, newest first, capped', () => {
  const merged = mergeEvents([instanceEvent], [taskEvent, instanceEvent]);
  assert.deepEqual(merged.map((e) => e.id), ['e2', 'e1']);
  assert.equal(mergeEvents(merged, [], 1).length, 1);
});
