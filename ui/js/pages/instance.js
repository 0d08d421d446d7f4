// One app or local service instance: details, ports, NUMA allocation, events, log files.
import {get, seg} from '../api.js';
import {h, link, replaceChildren} from '../dom.js';
import {createEventFeed} from '../event_feed.js';
import {eventList} from '../event_list.js';
import {eventSubject} from '../events_model.js';
import {formatAge, formatTime} from '../format.js';
import {logFilesPanel} from '../log_files.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {allocationText, badge, copyButton, kv, section} from '../widgets.js';

function portsTable() {
  const address = (p) => `${p.portType.toLowerCase()}://${p.hostname}:${p.hostPort}`;
  return createTable(
      [
        {label: 'Name', value: (p) => p.name},
        {label: 'Container', value: (p) => p.containerPort},
        {label: 'Host', value: (p) => p.hostPort},
        {label: 'Type', value: (p) => p.portType},
        {label: 'Address', value: address, cell: (p) => [address(p), ' ', copyButton(address(p))]},
      ],
      {filter: false, empty: 'No ports'});
}

function details(info, ownerPath, ownerId) {
  return kv([
    [ownerPath === 'apps' ? 'App' : 'Service', link(uiPath(ownerPath, ownerId), ownerId)],
    ['Instance', info.instanceId],
    ['State', badge(info.state)],
    ['Host', info.localInfo?.hostname ?? '-'],
    ['Executor', link(uiPath('executors', info.executorId), info.executorId)],
    ['Resources', allocationText(info.resources)],
    ['Created', formatTime(info.created)],
    ['Updated', `${formatTime(info.updated)} (${formatAge(info.updated)})`],
    ['Error', info.errorMessage || '-'],
  ]);
}

export function mount(ctx) {
  const {kind, instanceId} = ctx.params;
  const ownerId = kind === 'applications' ? ctx.params.appId : ctx.params.serviceId;
  const ownerPath = kind === 'applications' ? 'apps' : 'localservices';
  const apiOwner = kind === 'applications' ? 'applications' : 'localservices';
  const ports = portsTable();
  const parts = {details: h('div'), logs: h('div'), events: h('div')};
  const mine = (e) => eventSubject(e).instanceId === instanceId;
  const feed = createEventFeed(mine, 100);
  ctx.main.append(
      h('h1', {}, instanceId),
      h('div', {className: 'grid2'}, section('Details', parts.details),
        section('Log files', parts.logs)),
      section('Ports', ports.el), section('Events', parts.events));
  return {
    interested: mine,
    onEvent: (e) => feed.add(e),
    async refresh() {
      const [info, events, logs] = await Promise.all([
        get(`/${apiOwner}/${seg(ownerId)}/instances/${seg(instanceId)}`),
        feed.update(),
        logFilesPanel(kind, ownerId, instanceId, ctx.canReadLogs),
      ]);
      replaceChildren(parts.details, details(info, ownerPath, ownerId));
      ports.setRows(Object.entries(info.localInfo?.ports || {})
                        .map(([name, p]) => ({name, hostname: info.localInfo.hostname, ...p})));
      replaceChildren(parts.logs, logs);
      replaceChildren(parts.events, eventList(events));
    },
  };
}
