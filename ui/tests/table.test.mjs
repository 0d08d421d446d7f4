// Unit tests for table.js: sort, filter, paging.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {filterRows, pageRows, sortRows} from '../js/table.js';

const rows = [
  {id: 'web-10', cpu: 4, state: 'RUNNING'},
  {id: 'web-2', cpu: 1, state: 'MONITORING'},
  {id: 'api-1', cpu: 4, state: 'RUNNING'},
  {id: 'db-1', cpu: null, state: 'FAILED'},
];

test('sorts numbers numerically and ids naturally', () => {
  assert.deepEqual(
      sortRows(rows, (r) => r.id).map((r) => r.id), ['api-1', 'db-1', 'web-2', 'web-10']);
  assert.deepEqual(
      sortRows(rows, (r) => r.id, 'desc').map((r) => r.id), ['web-10', 'web-2', 'db-1', 'api-1']);
});

test('sort is stable and puts missing values last', () => {
  assert.deepEqual(
      sortRows(rows, (r) => r.cpu).map((r) => r.id), ['web-2', 'web-10', 'api-1', 'db-1']);
});

test('filter needs every word somewhere in the row, case-insensitively', () => {
  const texts = (r) => [r.id, r.state];
  assert.deepEqual(filterRows(rows, 'web running', texts).map((r) => r.id), ['web-10']);
  assert.deepEqual(filterRows(rows, '  ', texts).length, 4);
  assert.deepEqual(filterRows(rows, 'FAIL', texts).map((r) => r.id), ['db-1']);
});

test('paging clamps the page and counts pages', () => {
  const many = Array.from({length: 25}, (_, i) => i);
  assert.deepEqual(pageRows(many, 0, 10), {rows: many.slice(0, 10), page: 0, pages: 3});
  assert.deepEqual(pageRows(many, 9, 10).page, 2);
  assert.deepEqual(pageRows(many, 2, 10).rows, [20, 21, 22, 23, 24]);
  assert.deepEqual(pageRows([], 0, 10), {rows: [], page: 0, pages: 1});
  assert.equal(pageRows(many, 0, 0).rows.length, 25);
});
