// A topology's action buttons (run now, pause or unpause, delete), shown by role; the list and
// the topology page both use them.
import {actionBar} from '../actions.js';
import {remove, pause, runNow, unpause} from './epoch_api.js';
import {checkTypedName} from './topology_request.js';

function specs(ctx, details) {
  const id = details.id;
  const paused = details.state === 'PAUSED';
  return {
    run: {
      action: 'run',
      label: 'Run now',
      title: `Run ${id} now`,
      confirmText: 'Starts an instant run (EIR-...), even while the topology is paused.',
      run: () => runNow(id).then((r) => `Run ${r.runId} started`),
    },
    pause: paused ? {
      action: 'unpause',
      label: 'Unpause',
      title: `Unpause ${id}`,
      confirmText: 'Scheduled runs start again at the next fire time.',
      run: () => unpause(id).then(() => 'Unpaused'),
    } : {
      action: 'pause',
      label: 'Pause',
      title: `Pause ${id}`,
      confirmText: 'Scheduled runs are skipped until unpaused; Run now still works.',
      run: () => pause(id).then(() => 'Paused'),
    },
    delete: {
      action: 'delete',
      label: 'Delete',
      danger: true,
      title: `Delete ${id}`,
      confirmText: 'Deletes the topology and its runs; running Drove tasks are not killed. ' +
          'Type the topology name to confirm.',
      fields: [{name: 'confirm', label: 'Topology name'}],
      validate: (form) => checkTypedName(form.elements.namedItem('confirm').value, id),
      run: () => remove(id).then(() => {
        ctx.navigate('/ui/');
        return 'Deleted';
      }),
    },
  };
}

// names: which of run, pause, delete to offer, in that order.
export function topologyActions(ctx, details, names) {
  const all = specs(ctx, details);
  return actionBar(ctx.allowed, names.map((n) => all[n]), ctx.refresh);
}
