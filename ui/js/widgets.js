// Small building blocks shared by pages: badges, bars, key/value lists, sections, NUMA cells.
import {appColour} from './colour.js';
import {h} from './dom.js';
import {percent} from './format.js';

const kGood = new Set(['HEALTHY', 'RUNNING', 'ACTIVE', 'NORMAL', 'SUCCESSFUL', 'READY', 'COMPLETED']);
const kBad = new Set([
  'FAILED', 'LOST', 'PROVISIONING_FAILED', 'START_FAILED', 'RUN_FAILED', 'READINESS_CHECK_FAILED',
  'UNHEALTHY', 'OUTAGE_DETECTED', 'BLACKLISTED', 'REMOVED', 'CANCELLED'
]);
const kIdle = new Set(['MONITORING', 'STOPPED', 'INACTIVE', 'DESTROYED', 'UNKNOWN', 'SKIPPED']);

export function stateKind(state) {
  if (kGood.has(state)) return 'ok';
  if (kBad.has(state)) return 'bad';
  if (kIdle.has(state)) return 'idle';
  return 'warn';
}

export function badge(state) {
  return h(
      'span', {className: `badge ${stateKind(state)}`, dataset: {state: state ?? ''}},
      state ?? '-');
}

export function bar(used, total, label) {
  const pct = percent(used, total);
  return h(
      'div', {className: 'bar', title: label ?? `${used} of ${total}`},
      h('div', {className: 'fill', style: {width: `${pct}%`}}));
}

// rows: [[label, value (Node|string)], ...]
export function kv(rows) {
  return h(
      'dl', {className: 'kv'},
      rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

export function section(title, ...children) {
  return h('section', {className: 'panel'}, h('h2', {}, title), children);
}

export function field(name, value) {
  return h('span', {dataset: {field: name}}, value);
}

export function message(text, kind = 'error') {
  return h('p', {className: `message ${kind}`, dataset: {role: 'message'}}, text);
}

// {"0": [1,2]} -> "node 0: 1, 2"; Drove keys NUMA maps by the node number as a string.
function numaText(map) {
  return Object.entries(map || {})
      .map(([node, v]) => `node ${node}: ${Array.isArray(v) ? v.join(', ') : v}`)
      .join('; ');
}

// Instance resource allocation as text: cores per node, memory per node.
export function allocationText(resources) {
  return (resources || [])
      .map(
          (r) => r.type === 'CPU' ?
              `cores ${numaText(r.cores)}` :
              `memory ${
                  numaText(Object.fromEntries(
                      Object.entries(r.memoryInMB || {}).map(([n, mb]) => [n, `${mb} MB`])))}`)
      .join(' | ');
}

export function coresOf(resources) {
  const cpu = (resources || []).find((r) => r.type === 'CPU');
  return cpu ? Object.values(cpu.cores || {}).reduce((n, list) => n + list.length, 0) : 0;
}

export function memoryOf(resources) {
  const mem = (resources || []).find((r) => r.type === 'MEMORY');
  return mem ? Object.values(mem.memoryInMB || {}).reduce((n, mb) => n + mb, 0) : 0;
}

// One cell per core; owner (app id) colours it and becomes data-app for the tests.
export function coreCell(coreId, owner) {
  const cell = h('span', {
    className: owner ? 'core used' : 'core',
    title: owner ? `${coreId}: ${owner}` : `${coreId}: free`
  });
  if (owner) {
    cell.dataset.app = owner;
    cell.style.background = appColour(owner);
  }
  return cell;
}

// core id -> owning app/task id, from an executor's hosted instances and tasks.
export function coreOwners(node) {
  const owners = new Map();
  const mark = (resources, owner) => {
    const cpu = (resources || []).find((r) => r.type === 'CPU');
    for (const list of Object.values(cpu?.cores || {}))
      for (const core of list) owners.set(core, owner);
  };
  for (const i of node.instances || []) mark(i.resources, i.appId);
  for (const t of node.tasks || []) mark(t.resources, `${t.sourceAppName}/${t.taskId}`);
  for (const s of node.serviceInstances || []) mark(s.resources, s.serviceId);
  return owners;
}

// Healthy out of expected, as one bar: Nomad's allocation-status bar, reduced to Drove's counts.
export function instanceBar(healthy, expected) {
  const total = Math.max(healthy, expected, 1);
  return h(
      'div', {className: 'bar instances', title: `${healthy} healthy of ${expected} expected`},
      h('div', {className: 'fill ok', style: {width: `${(healthy / total) * 100}%`}}),
      h('span', {className: 'bar-label'}, `${healthy}/${expected}`));
}

export function copyButton(text) {
  return h(
      'button', {
        type: 'button',
        className: 'copy',
        title: `Copy ${text}`,
        onclick: () => navigator.clipboard?.writeText(text)
      },
      'copy');
}

export function portsText(localInfo) {
  return Object.entries(localInfo?.ports || {})
      .map(([name, p]) => `${name}: ${p.hostPort}`)
      .join(', ');
}
