// Unit tests for roles.js: which role sees which actions and log panels.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {allowedActions, canReadLogs} from '../js/roles.js';

test('root may do everything', () => {
  assert.deepEqual([...allowedActions('EXTERNAL_ROOT')].sort(), [
    'blacklist', 'cancel', 'destroy', 'kill', 'maintenance-off', 'maintenance-on', 'restart',
    'scale', 'suspend', 'unblacklist'
  ]);
});

test('read-write operates apps and tasks, not executors or maintenance', () => {
  const rw = allowedActions('EXTERNAL_READ_WRITE');
  for (const a of ['scale', 'suspend', 'restart', 'cancel', 'destroy', 'kill'])
    assert.ok(rw.has(a), a);
  for (const a of ['blacklist', 'maintenance-on']) assert.ok(!rw.has(a), a);
});

test('maintenance role gets only blacklisting and maintenance', () => {
  assert.deepEqual(
      [...allowedActions('DROVE_EXTERNAL_MAINTENANCE')].sort(),
      ['blacklist', 'maintenance-off', 'maintenance-on', 'unblacklist']);
});

test('read-only and role-less users get no actions', () => {
  assert.equal(allowedActions('EXTERNAL_READ_ONLY').size, 0);
  assert.equal(allowedActions(null).size, 0);
  assert.equal(allowedActions('SOMETHING_ELSE').size, 0);
});

test('log panels for root, read-write and read-only only', () => {
  assert.ok(canReadLogs('EXTERNAL_ROOT'));
  assert.ok(canReadLogs('EXTERNAL_READ_WRITE'));
  assert.ok(canReadLogs('EXTERNAL_READ_ONLY'));
  assert.ok(!canReadLogs('DROVE_EXTERNAL_MAINTENANCE'));
  assert.ok(!canReadLogs(null));
});
