// Unit tests for log_buffer.js: split lines, offsets, caps, search.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {isErrorLine, LogBuffer, splitMatches} from '../js/log_buffer.js';

test('a line split across two reads is joined', () => {
  const buffer = new LogBuffer(100);
  buffer.append('first line\nsecond ha');
  buffer.append('lf\nthird\n');
  assert.deepEqual(buffer.lines, ['first line', 'second half', 'third']);
  assert.equal(buffer.endOffset, 100 + 'first line\nsecond half\nthird\n'.length);
  assert.equal(buffer.tailOpen, false);
});

test('offsets advance in UTF-8 bytes, not characters', () => {
  const buffer = new LogBuffer(0);
  buffer.append('héllo\n');
  assert.equal(buffer.endOffset, 7);
});

test('paging back joins the older chunk to the partial first line', () => {
  const buffer = new LogBuffer(10);
  buffer.append('ne two\nline three\n');
  buffer.prepend('line one\nli');
  assert.deepEqual(buffer.lines, ['line one', 'line two', 'line three']);
  assert.equal(buffer.startOffset, -1);  // 11 bytes before offset 10: caller clamps reads at 0
  assert.ok(buffer.atFileStart);
});

test('the cap drops the oldest lines when following and moves the start offset', () => {
  const buffer = new LogBuffer(0, 3);
  const result = buffer.append('a\nbb\nccc\ndddd\neeeee\n');
  assert.equal(result.dropped, 2);
  assert.deepEqual(buffer.lines, ['ccc', 'dddd', 'eeeee']);
  assert.equal(buffer.startOffset, 5);
});

test('the cap drops the newest lines when paging back and moves the end offset', () => {
  const buffer = new LogBuffer(6, 3);
  buffer.append('ccc\ndddd\neeeee');
  buffer.prepend('a\nbb\n');
  assert.deepEqual(buffer.lines, ['a', 'bb', 'ccc']);
  assert.equal(buffer.endOffset, 10);
  assert.equal(buffer.tailOpen, false);
  buffer.append('dddd\n');
  assert.deepEqual(buffer.lines, ['bb', 'ccc', 'dddd']);
});

test('search finds lines case-insensitively and splits them for highlighting', () => {
  const buffer = new LogBuffer(0);
  buffer.append('Alpha\nbeta\nALPHABET\n');
  assert.deepEqual(buffer.search('alpha'), [0, 2]);
  assert.deepEqual(buffer.search(''), []);
  assert.deepEqual(splitMatches('xAbyab', 'ab'), [
    {text: 'x', match: false}, {text: 'Ab', match: true}, {text: 'y', match: false},
    {text: 'ab', match: true}
  ]);
  assert.deepEqual(splitMatches('plain', ''), [{text: 'plain', match: false}]);
});

test('error-level lines are recognised as stderr', () => {
  assert.ok(isErrorLine('2026-12-06 12:00:00 ERROR something broke'));
  assert.ok(isErrorLine('[ERROR] nope'));
  assert.ok(!isErrorLine('no errors here: ERRORS=0'));
  assert.ok(!isErrorLine('INFO all fine'));
});
