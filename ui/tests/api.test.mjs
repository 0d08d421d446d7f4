// Unit tests for api.js (envelope, errors, leader loss) and operations.js (bodies, input checks).
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {ApiError, isLeaderLoss, kNotLeaderMessage, unwrap} from '../js/api.js';
import {checkConfirmation, parseInstances, scaleOperation} from '../js/operations.js';

test('a SUCCESS envelope yields its data', () => {
  assert.deepEqual(unwrap(200, {status: 'SUCCESS', data: {a: 1}, message: 'success'}), {a: 1});
  assert.equal(unwrap(200, {status: 'SUCCESS', message: 'success'}), undefined);
});

test('HTTP 200 FAILED is an error carrying the message', () => {
  assert.throws(
      () => unwrap(200, {status: 'FAILED', message: 'App x not found'}),
      (e) => e instanceof ApiError && e.text === 'App x not found');
});

test('validation errors are listed after the message', () => {
  const body = {
    status: 'FAILED',
    message: 'Command validation failure',
    data: {validationErrors: ['a: bad', 'b: worse']}
  };
  assert.throws(
      () => unwrap(400, body),
      (e) => e.text === 'Command validation failure: a: bad; b: worse' && e.status === 400);
});

test('leader loss is recognised by Drove\'s 400 body only', () => {
  assert.ok(isLeaderLoss(400, {status: 'FAILED', message: kNotLeaderMessage}));
  assert.ok(!isLeaderLoss(400, {status: 'FAILED', message: 'Command validation failure'}));
  assert.ok(!isLeaderLoss(200, {message: kNotLeaderMessage}));
  assert.ok(!isLeaderLoss(400, null));
});

test('scale takes a whole number 0..2048 and names the field otherwise', () => {
  assert.deepEqual(parseInstances(' 3 '), {value: 3});
  assert.match(parseInstances('-1').error, /^instances:/);
  assert.match(parseInstances('2049').error, /^instances:/);
  assert.match(parseInstances('two').error, /^instances:/);
  assert.deepEqual(scaleOperation('web-1', 3), {
    type: 'SCALE',
    appId: 'web-1',
    requiredInstances: 3,
    opSpec: {timeout: '5m', parallelism: 1, failureStrategy: 'STOP'}
  });
});

test('destroy needs the exact app id typed', () => {
  assert.deepEqual(checkConfirmation('web-1', 'web-1'), {});
  assert.match(checkConfirmation('web', 'web-1').error, /^confirm:/);
});
