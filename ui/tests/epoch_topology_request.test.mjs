// Unit tests for js/epoch/topology_request.js: drove-epoch's form to its simple request and back,
// with every problem named by its field.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {checkTypedName, epochActions, formToRequest, isSimpleTopology, topologyToForm} from '../js/epoch/topology_request.js';

const kGood = {
  name: 'nightly-report',
  cron: ' 0 0 2 * * ? ',
  docker: 'docker.io/library/bash:5',
  cpus: '2',
  memory: '512',
  notifyEmail: 'ops@example.com, dev@example.org',
  env: 'A=1\n\nB=two=2',
  volumes: '/var/data:/data:ro\n/tmp:/scratch',
};

test('a filled form becomes Epoch\'s simple create request', () => {
  assert.deepEqual(formToRequest(kGood).request, {
    name: 'nightly-report',
    cron: '0 0 2 * * ?',
    docker: 'docker.io/library/bash:5',
    cpus: 2,
    memory: 512,
    notifyEmail: 'ops@example.com, dev@example.org',
    env: {A: '1', B: 'two=2'},
    volumes: [
      {pathInContainer: '/data', pathOnHost: '/var/data', mode: 'READ_ONLY'},
      {pathInContainer: '/scratch', pathOnHost: '/tmp', mode: 'READ_WRITE'},
    ],
  });
});

test('the edit request has no name', () => {
  const {request} = formToRequest({...kGood, name: ''}, {withName: false});
  assert.equal('name' in request, false);
  assert.equal(request.cpus, 2);
});

test('every problem is reported at once, each naming its field', () => {
  const {errors, request} = formToRequest({
    name: 'bad name!', cron: '', docker: '', cpus: '41', memory: '64', notifyEmail: 'nobody',
    env: 'no-equals', volumes: 'relative:/x',
  });
  assert.equal(request, undefined);
  assert.deepEqual(errors.map((e) => e.split(':')[0]),
                   ['name', 'cron', 'docker', 'cpus', 'memory', 'notifyEmail', 'env', 'volumes']);
  assert.match(errors[3], /cpus: must be a whole number from 1 to 40/);
  assert.match(errors[6], /env: line 1/);
});

test('fractional and non-numeric sizes are refused', () => {
  assert.ok(formToRequest({...kGood, cpus: '1.5'}).errors[0].startsWith('cpus:'));
  assert.ok(formToRequest({...kGood, memory: 'lots'}).errors[0].startsWith('memory:'));
});

test('a stored topology fills the form, and the form maps back to the same request', () => {
  const details = {
    id: 'nightly-report',
    state: 'ACTIVE',
    topology: {
      name: 'nightly-report',
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'docker-task',
        executable: {type: 'DOCKER', url: 'docker.io/library/bash:5'},
        resources: [{type: 'CPU', count: 2}, {type: 'MEMORY', sizeInMB: 512}],
        volumes: [{pathInContainer: '/data', pathOnHost: '/var/data', mode: 'READ_ONLY'}],
        env: {A: '1'},
      },
      trigger: {type: 'CRON', timeSpec: '0 0 2 * * ?'},
      notify: {type: 'MAIL', emails: ['ops@example.com', 'dev@example.org']},
    },
  };
  const form = topologyToForm(details);
  assert.equal(form.volumes, '/var/data:/data:ro');
  assert.equal(form.notifyEmail, 'ops@example.com,dev@example.org');
  const {request} = formToRequest(form, {withName: false});
  assert.deepEqual(request.volumes, details.topology.task.volumes);
  assert.deepEqual(request.env, {A: '1'});
  assert.ok(isSimpleTopology(details));
  assert.ok(!isSimpleTopology({topology: {task: {type: 'COMPOSITE'}, trigger: {type: 'CRON'}}}));
});

test('only READ_WRITE gets actions', () => {
  assert.ok(epochActions('READ_WRITE').has('run'));
  assert.ok(epochActions('READ_WRITE').has('delete'));
  assert.equal(epochActions('READ_ONLY').size, 0);
  assert.equal(epochActions(null).size, 0);
});

test('delete needs the name typed exactly', () => {
  assert.deepEqual(checkTypedName(' nightly ', 'nightly'), {});
  assert.match(checkTypedName('Nightly', 'nightly').error, /^confirm: type the topology name/);
});

test('Epoch\'s run states get the kit\'s colours', async () => {
  const {stateKind} = await import('../js/widgets.js');
  assert.equal(stateKind('COMPLETED'), 'ok');
  assert.equal(stateKind('SUCCESSFUL'), 'ok');
  assert.equal(stateKind('SKIPPED'), 'idle');
  assert.equal(stateKind('FAILED'), 'bad');
});
