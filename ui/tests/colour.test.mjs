// Unit tests for colour.js: stable app colours.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {appColour, hashString} from '../js/colour.js';

test('the same app id always gets the same colour', () => {
  assert.equal(appColour('web-1'), appColour('web-1'));
  assert.match(appColour('web-1'), /^hsl\(\d+ 65% \d+%\)$/);
});

test('versions of one app spread over different hues', () => {
  const hues = new Set(Array.from({length: 20}, (_, i) => appColour(`web-${i}`).split(' ')[0]));
  assert.ok(hues.size >= 15, `only ${hues.size} distinct hues`);
});

test('FNV-1a reference value', () => {
  assert.equal(hashString(''), 0x811c9dc5);
  assert.equal(hashString('a'), 0xe40c292c);
});
