// Unit tests for format.js: durations, ages, sizes, times.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {formatAge, formatBytes, formatDuration, formatMB, formatTime, percent} from '../js/format.js';

test('durations show the two largest units', () => {
  assert.equal(formatDuration(450), '450 ms');
  assert.equal(formatDuration(65_000), '1m 5s');
  assert.equal(formatDuration(3 * 86400000 + 4 * 3600000 + 5000), '3d 4h');
  assert.equal(formatDuration(3600000), '1h 0m');
  assert.equal(formatDuration(-5), '0 ms');
  assert.equal(formatDuration(NaN), '-');
});

test('ages count back from now', () => {
  assert.equal(formatAge(1000, 1500), 'just now');
  assert.equal(formatAge(0, 1500), '-');
  assert.equal(formatAge(1_000_000, 1_000_000 + 125_000), '2m 5s ago');
});

test('bytes and Drove megabytes', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(32768), '32.0 KiB');
  assert.equal(formatBytes(100 * 1024 * 1024), '100.0 MiB');
  assert.equal(formatMB(512), '512 MB');
  assert.equal(formatMB(2048), '2.0 GB');
  assert.equal(formatMB(3 * 1024 * 1024), '3.0 TB');
});

test('times are sortable local timestamps', () => {
  assert.match(formatTime(Date.UTC(2026, 11, 6, 14, 12, 34)), /^2026-12-0[67] \d\d:\d\d:34$/);
  assert.equal(formatTime(0), '-');
});

test('percent is clamped and safe on zero totals', () => {
  assert.equal(percent(1, 4), 25);
  assert.equal(percent(5, 0), 0);
  assert.equal(percent(9, 4), 100);
});
