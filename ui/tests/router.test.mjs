// Unit tests for router.js: /ui paths to pages and back.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {matchRoute, uiPath} from '../js/router.js';

test('every page of docs/ui.md routes', () => {
  assert.deepEqual(matchRoute('/ui/'), {page: 'overview', params: {}});
  assert.deepEqual(matchRoute('/ui'), {page: 'overview', params: {}});
  assert.deepEqual(matchRoute('/ui/apps'), {page: 'apps', params: {}});
  assert.deepEqual(matchRoute('/ui/apps/web-1'), {page: 'app', params: {appId: 'web-1'}});
  assert.deepEqual(
      matchRoute('/ui/apps/web-1/instances/AI-1'),
      {page: 'instance', params: {kind: 'applications', appId: 'web-1', instanceId: 'AI-1'}});
  assert.deepEqual(
      matchRoute('/ui/logs/tasks/batch/t1/output.log'),
      {page: 'logs', params: {kind: 'tasks', id: 'batch', instanceId: 't1', file: 'output.log'}});
  assert.equal(matchRoute('/ui/tasks/batch/t1').page, 'task');
  assert.equal(matchRoute('/ui/localservices/agent-1').page, 'localservice');
  assert.equal(matchRoute('/ui/localservices/agent-1/instances/SI-1').params.kind, 'localservices');
  for (const page of ['tasks', 'localservices', 'executors', 'topology', 'events', 'cluster']) {
    assert.equal(matchRoute(`/ui/${page}`).page, page);
  }
  assert.equal(matchRoute('/ui/executors/abc').params.executorId, 'abc');
});

test('unknown paths and bad log kinds do not route', () => {
  assert.equal(matchRoute('/ui/nope'), null);
  assert.equal(matchRoute('/ui/logs/secrets/a/b/c'), null);
  assert.equal(matchRoute('/apps'), null);
  assert.equal(matchRoute('/ui/apps/%E0%A4%A'), null);
});

test('ids are encoded into paths and decoded back', () => {
  const path = uiPath('tasks', 'batch', 'a/b c');
  assert.equal(path, '/ui/tasks/batch/a%2Fb%20c');
  assert.deepEqual(matchRoute(path).params, {sourceApp: 'batch', taskId: 'a/b c'});
});
