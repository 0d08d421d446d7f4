// Current and old instance tables, shared by the app and local service pages.
import {link} from './dom.js';
import {formatAge, formatDuration, formatMB, formatTime} from './format.js';
import {uiPath} from './router.js';
import {createTable} from './table.js';
import {badge, coresOf, memoryOf, portsText} from './widgets.js';

// kind: 'apps' or 'localservices' (the UI path of the owner).
function idColumn(kind, ownerId) {
  return {
    label: 'Instance',
    value: (i) => i.instanceId,
    cell: (i) => link(uiPath(kind, ownerId, 'instances', i.instanceId), i.instanceId)
  };
}

const kHostColumns = [
  {
    label: 'Executor',
    value: (i) => i.localInfo?.hostname ?? i.executorId,
    cell: (i) => link(uiPath('executors', i.executorId), i.localInfo?.hostname ?? i.executorId)
  },
  {label: 'Ports', value: (i) => portsText(i.localInfo)},
  {label: 'Cores', value: (i) => coresOf(i.resources)},
  {
    label: 'Memory',
    value: (i) => memoryOf(i.resources),
    cell: (i) => formatMB(memoryOf(i.resources))
  },
];

export function instancesTable(kind, ownerId) {
  return createTable(
      [
        idColumn(kind, ownerId),
        ...kHostColumns,
        {label: 'State', value: (i) => i.state, cell: (i) => badge(i.state)},
        {
          label: 'Running for',
          value: (i) => i.created,
          cell: (i) => formatDuration(Date.now() - i.created)
        },
        {label: 'Updated', value: (i) => i.updated, cell: (i) => formatAge(i.updated)},
        {label: 'Error', value: (i) => i.errorMessage},
      ],
      {
        pageSize: 100,
        empty: 'No active instances',
        rowAttrs: (i) => ({dataset: {instanceId: i.instanceId, state: i.state}})
      });
}

export function oldInstancesTable(kind, ownerId) {
  return createTable(
      [
        idColumn(kind, ownerId),
        kHostColumns[0],
        {label: 'State', value: (i) => i.state, cell: (i) => badge(i.state)},
        {label: 'Created', value: (i) => i.created, cell: (i) => formatTime(i.created)},
        {
          label: 'Lifetime',
          value: (i) => i.updated - i.created,
          cell: (i) => formatDuration(i.updated - i.created)
        },
        {label: 'Final update', value: (i) => i.updated, cell: (i) => formatTime(i.updated)},
        {label: 'Error', value: (i) => i.errorMessage},
      ],
      {
        pageSize: 20,
        empty: 'No old instances',
        initialSort: {index: 5, direction: 'desc'},
        rowAttrs: (i) => ({dataset: {oldInstanceId: i.instanceId, state: i.state}})
      });
}
