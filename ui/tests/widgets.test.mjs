// Unit tests for widgets.js: state kinds, NUMA allocation and ports text.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {allocationText, coresOf, memoryOf, portsText, stateKind} from '../js/widgets.js';

const resources = [
  {type: 'CPU', cores: {'0': [2, 3]}},
  {type: 'MEMORY', memoryInMB: {'0': 512}},
];

test('states map to the badge colour kinds', () => {
  assert.equal(stateKind('HEALTHY'), 'ok');
  assert.equal(stateKind('START_FAILED'), 'bad');
  assert.equal(stateKind('STOPPED'), 'idle');
  assert.equal(stateKind('SCALING_REQUESTED'), 'warn');
});

test('NUMA allocations read as cores and memory per node', () => {
  assert.equal(coresOf(resources), 2);
  assert.equal(memoryOf(resources), 512);
  assert.equal(allocationText(resources), 'cores node 0: 2, 3 | memory node 0: 512 MB');
  assert.equal(coresOf(undefined), 0);
});

test('ports list name and host port', () => {
  assert.equal(
      portsText({ports: {main: {hostPort: 31000}, admin: {hostPort: 31001}}}),
      'main: 31000, admin: 31001');
  assert.equal(portsText(undefined), '');
});
