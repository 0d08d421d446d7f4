// One executor: state, resources, NUMA core grid coloured by app, what it hosts; blacklisting.
import {actionBar} from '../actions.js';
import {get, post, seg} from '../api.js';
import {h, link, replaceChildren} from '../dom.js';
import {formatMB, formatTime} from '../format.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {badge, bar, coreCell, coreOwners, coresOf, kv, memoryOf, section} from '../widgets.js';

function numaNodes(node) {
  const {cpus, memory} = node.state;
  const ids = new Set([...Object.keys(cpus.freeCores || {}), ...Object.keys(cpus.usedCores || {})]);
  const owners = coreOwners(node);
  return [...ids].sort((a, b) => a - b).map((id) => {
    const cores =
        [...(cpus.freeCores?.[id] || []), ...(cpus.usedCores?.[id] || [])].sort((a, b) => a - b);
    const used = new Set(cpus.usedCores?.[id] || []);
    const usedMb = memory.usedMemory?.[id] ?? 0;
    const totalMb = usedMb + (memory.freeMemory?.[id] ?? 0);
    return h(
        'div', {className: 'card numa', dataset: {node: id}}, h('h3', {}, `NUMA node ${id}`),
        h('div', {className: 'cores'},
          cores.map((c) => coreCell(c, used.has(c) ? (owners.get(c) ?? 'reserved') : null))),
        h('p', {},
          `${used.size} of ${cores.length} cores used; memory ${formatMB(usedMb)} of ` +
              `${formatMB(totalMb)}`),
        bar(usedMb, totalMb));
  });
}

function hostedTable(columns, empty) {
  return createTable(
      [
        ...columns,
        {label: 'State', value: (r) => r.state, cell: (r) => badge(r.state)},
        {label: 'Cores', value: (r) => coresOf(r.resources)},
        {
          label: 'Memory',
          value: (r) => memoryOf(r.resources),
          cell: (r) => formatMB(memoryOf(r.resources))
        },
      ],
      {filter: false, empty});
}

function blacklistSpecs(executorId) {
  const call = (verb) => () =>
      post(`/cluster/executors/${seg(executorId)}/${verb}`)
          .then(
              (r) => r?.message || `${verb}: ${(r?.successful || []).length ? 'done' : 'failed'}`);
  return [
    {
      action: 'blacklist',
      label: 'Blacklist',
      title: `Blacklist ${executorId}`,
      danger: true,
      confirmText: 'Moves its app instances elsewhere and places nothing new on it.',
      run: call('blacklist')
    },
    {
      action: 'unblacklist',
      label: 'Unblacklist',
      title: `Unblacklist ${executorId}`,
      run: call('unblacklist')
    },
  ];
}

export function mount(ctx) {
  const {executorId} = ctx.params;
  const apps = hostedTable(
      [
        {
          label: 'Instance',
          value: (i) => i.instanceId,
          cell: (i) => link(uiPath('apps', i.appId, 'instances', i.instanceId), i.instanceId)
        },
        {label: 'App', value: (i) => i.appId, cell: (i) => link(uiPath('apps', i.appId), i.appId)}
      ],
      'No app instances');
  const tasks = hostedTable(
      [
        {
          label: 'Task',
          value: (t) => t.taskId,
          cell: (t) => link(uiPath('tasks', t.sourceAppName, t.taskId), t.taskId)
        },
        {label: 'Source app', value: (t) => t.sourceAppName}
      ],
      'No tasks');
  const services = hostedTable(
      [
        {
          label: 'Instance',
          value: (s) => s.instanceId,
          cell: (s) =>
              link(uiPath('localservices', s.serviceId, 'instances', s.instanceId), s.instanceId)
        },
        {
          label: 'Service',
          value: (s) => s.serviceId,
          cell: (s) => link(uiPath('localservices', s.serviceId), s.serviceId)
        }
      ],
      'No local service instances');
  const parts = {details: h('div'), numa: h('div', {className: 'cards'})};
  ctx.main.append(
      h('div', {className: 'page-head'}, h('h1', {}, executorId),
        actionBar(ctx.allowed, blacklistSpecs(executorId), ctx.refresh)),
      section('Details', parts.details), section('NUMA', parts.numa),
      section('App instances', apps.el), section('Tasks', tasks.el),
      section('Local service instances', services.el));
  return {
    interested: (e) => e.metadata?.EXECUTOR_ID === executorId,
    async refresh() {
      const node = await get(`/cluster/executors/${seg(executorId)}`);
      replaceChildren(parts.details, kv([
                        ['State', badge(node.executorState)],
                        ['Host', `${node.hostname}:${node.port}`],
                        ['Transport', node.transportType],
                        ['Tags', (node.tags || []).map((t) => h('span', {className: 'tag'}, t))],
                        ['Updated', formatTime(node.updated)],
                      ]));
      replaceChildren(parts.numa, numaNodes(node));
      apps.setRows(node.instances || []);
      tasks.setRows(node.tasks || []);
      services.setRows(node.serviceInstances || []);
    },
  };
}
