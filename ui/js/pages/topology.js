// Topology: every executor a box of its cores coloured by app, with a memory bar (Nomad's view).
import {get, seg} from '../api.js';
import {appColour} from '../colour.js';
import {h, link, replaceChildren} from '../dom.js';
import {formatMB, percent} from '../format.js';
import {uiPath} from '../router.js';
import {coreOwners} from '../widgets.js';

const kParallelFetches = 8;

async function fetchNodes(summaries) {
  const nodes = new Array(summaries.length);
  let next = 0;
  const worker = async () => {
    while (next < summaries.length) {
      const index = next++;
      const summary = summaries[index];
      nodes[index] = await get(`/cluster/executors/${seg(summary.executorId)}`).catch(() => null) ??
          {hostname: summary.hostname, missing: true, summary};
    }
  };
  await Promise.all(Array.from({length: kParallelFetches}, worker));
  return nodes;
}

// One executor box; plain createElement in the inner loop: 6,400 cells must draw in well under 500
// ms.
function executorBox(node, colours) {
  const id = node.state?.executorId ?? node.summary?.executorId;
  const box = document.createElement('div');
  box.className = 'executor';
  box.dataset.executorId = id;
  box.append(link(uiPath('executors', id), node.hostname ?? id, {className: 'executor-name'}));
  const grid = document.createElement('div');
  grid.className = 'cores';
  if (!node.missing) {
    const owners = coreOwners(node);
    const {freeCores = {}, usedCores = {}} = node.state.cpus;
    const all = [...Object.values(freeCores).flat(), ...Object.values(usedCores).flat()].sort(
        (a, b) => a - b);
    const used = new Set(Object.values(usedCores).flat());
    for (const core of all) {
      const cell = document.createElement('span');
      cell.className = 'core';
      if (used.has(core)) {
        const owner = owners.get(core) ?? 'reserved';
        cell.dataset.app = owner;
        cell.title = `${core}: ${owner}`;
        if (!colours.has(owner)) colours.set(owner, appColour(owner));
        cell.style.background = colours.get(owner);
      }
      grid.append(cell);
    }
  }
  box.append(grid, memoryBar(node));
  return box;
}

function memoryBar(node) {
  const mem = node.state?.memory;
  const sum = (map) => Object.values(map || {}).reduce((a, b) => a + b, 0);
  const used = mem ? sum(mem.usedMemory) : node.summary?.usedMemory ?? 0;
  const total = used + (mem ? sum(mem.freeMemory) : node.summary?.freeMemory ?? 0);
  const barEl = document.createElement('div');
  barEl.className = 'bar';
  barEl.title = `memory ${formatMB(used)} of ${formatMB(total)}`;
  const fill = document.createElement('div');
  fill.className = 'fill';
  fill.style.width = `${percent(used, total)}%`;
  barEl.append(fill);
  return barEl;
}

// Exported for the browser benchmark: draws nodes into container in one pass, returns ms taken.
export function drawTopology(container, nodes) {
  const started = performance.now();
  const colours = new Map();
  const fragment = document.createDocumentFragment();
  for (const node of nodes) fragment.append(executorBox(node, colours));
  container.replaceChildren(fragment);
  const ms = performance.now() - started;
  document.body.dataset.renderMs = ms.toFixed(1);
  return {ms, colours};
}

function legend(colours) {
  return [...colours.entries()].sort().map(
      ([owner, colour]) =>
          h('span', {className: 'legend-item'},
            h('span', {className: 'swatch', style: {background: colour}}), owner));
}

export function mount(ctx) {
  const container = h('div', {id: 'topology'});
  const legendEl = h('div', {className: 'legend'});
  const info = h('p', {className: 'muted'});
  ctx.main.append(h('h1', {}, 'Topology'), info, legendEl, container);
  return {
    coalesceMs: 3000,
    interested: (e) => e.type.startsWith('EXECUTOR_') || e.type.endsWith('INSTANCE_STATE_CHANGE') ||
        e.type === 'TASK_STATE_CHANGE',
    async refresh() {
      const summaries =
          (await get('/cluster/executors') || []).filter((e) => e.state !== 'REMOVED');
      const nodes = await fetchNodes(summaries);
      const {ms, colours} = drawTopology(container, nodes);
      replaceChildren(info, `${nodes.length} executors, drawn in ${ms.toFixed(0)} ms`);
      replaceChildren(legendEl, legend(colours));
    },
  };
}
