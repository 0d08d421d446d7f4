// Drove's balance factor: coefficient of variation of each executor's dominant utilisation.

function dominantUtilisation(executor) {
  const cores = executor.usedCores + executor.freeCores;
  const memory = executor.usedMemory + executor.freeMemory;
  const cpu = cores > 0 ? executor.usedCores / cores : 0;
  const mem = memory > 0 ? executor.usedMemory / memory : 0;
  return Math.max(cpu, mem);
}

// Only executors that take work count: blacklisted and removed ones would skew the spread.
export function balanceStats(executors) {
  const active = executors.filter((e) => e.state === undefined || e.state === 'ACTIVE');
  if (active.length === 0) return {factor: 0, average: 0, high: 0, low: 0, count: 0};
  const values = active.map(dominantUtilisation);
  const average = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - average) ** 2, 0) / values.length;
  const factor = average > 0 ? Math.sqrt(variance) / average : 0;
  return {
    factor,
    average,
    high: Math.max(...values),
    low: Math.min(...values),
    count: values.length,
  };
}

// Drove's legend, thresholds inclusive as in its dashboard.
export function balanceLegend(factor) {
  if (factor <= 0.1) return {kind: 'ok', label: 'Optimal'};
  if (factor <= 0.25) return {kind: 'ok', label: 'Nominal'};
  if (factor <= 0.5) return {kind: 'warn', label: 'Noisy neighbour'};
  return {kind: 'bad', label: 'Starvation risk'};
}

export const kBalanceLegendText =
    '0-0.1 optimal, up to 0.25 nominal, up to 0.5 noisy neighbour, above 0.5 starvation risk';
