// Unit tests for controllers.js: how one controller of the list reads.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {controllerLabel} from '../js/controllers.js';

test('a controller reads as its id, marked leader and this node', () => {
  assert.equal(controllerLabel({id: 'c1:4000', leader: true, self: true}),
               'c1:4000 (leader, this node)');
  assert.equal(controllerLabel({id: 'c2:4000', leader: false, self: true}), 'c2:4000 (this node)');
  assert.equal(controllerLabel({id: 'c3:4000', leader: true, self: false}), 'c3:4000 (leader)');
  assert.equal(controllerLabel({id: 'c4:4000', leader: false, self: false}), 'c4:4000');
});
