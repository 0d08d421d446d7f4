// Unit tests for balance.js: Drove's balance factor and legend.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {balanceLegend, balanceStats} from '../js/balance.js';

const executor = (usedCores, freeCores, usedMemory, freeMemory, state = 'ACTIVE') =>
    ({usedCores, freeCores, usedMemory, freeMemory, state});

test('equal load everywhere is perfectly balanced', () => {
  const stats = balanceStats([executor(2, 2, 100, 100), executor(4, 4, 10, 90)]);
  assert.equal(stats.factor, 0);
  assert.equal(stats.average, 0.5);
});

test('uses the dominant resource of each executor', () => {
  // utilisations 0.75 (memory) and 0.25 (cpu): mean 0.5, stddev 0.25, factor 0.5
  const stats = balanceStats([executor(1, 3, 75, 25), executor(1, 3, 0, 100)]);
  assert.equal(stats.factor, 0.5);
  assert.equal(stats.high, 0.75);
  assert.equal(stats.low, 0.25);
});

test('ignores blacklisted and removed executors, and an idle cluster is 0', () => {
  const stats = balanceStats([executor(0, 4, 0, 100), executor(4, 0, 100, 0, 'BLACKLISTED')]);
  assert.equal(stats.factor, 0);
  assert.equal(stats.count, 1);
  assert.equal(balanceStats([]).factor, 0);
});

test('Drove\'s legend thresholds', () => {
  assert.equal(balanceLegend(0.1).label, 'Optimal');
  assert.equal(balanceLegend(0.2).label, 'Nominal');
  assert.equal(balanceLegend(0.5).label, 'Noisy neighbour');
  assert.equal(balanceLegend(0.51).label, 'Starvation risk');
});
