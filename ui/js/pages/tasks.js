// Tasks: the active ones (kill), the recently finished ones (result, exit code), and a finder.
import {get} from '../api.js';
import {h, link} from '../dom.js';
import {createEventFeed} from '../event_feed.js';
import {formatAge, formatDuration, formatMB} from '../format.js';
import {uiPath} from '../router.js';
import {createTable} from '../table.js';
import {finishedTasks, killButton} from '../task_actions.js';
import {badge, coresOf, memoryOf, section} from '../widgets.js';

const taskLink = (t) => link(uiPath('tasks', t.sourceAppName, t.taskId), t.taskId);

function finder(ctx) {
  const app = h('input', {name: 'app', placeholder: 'Source app name', required: true});
  const task = h('input', {name: 'task', placeholder: 'Task id', required: true});
  return h(
      'form', {
        className: 'toolbar',
        onsubmit: (e) => {
          e.preventDefault();
          ctx.navigate(uiPath('tasks', app.value.trim(), task.value.trim()));
        }
      },
      'Find a task ', app, task, h('button', {type: 'submit'}, 'Open'));
}

export function mount(ctx) {
  const active = createTable(
      [
        {label: 'Source app', value: (t) => t.sourceAppName},
        {label: 'Task', value: (t) => t.taskId, cell: taskLink},
        {label: 'State', value: (t) => t.state, cell: (t) => badge(t.state)},
        {label: 'Host', value: (t) => t.hostname},
        {label: 'Cores', value: (t) => coresOf(t.resources)},
        {
          label: 'Memory',
          value: (t) => memoryOf(t.resources),
          cell: (t) => formatMB(memoryOf(t.resources))
        },
        {
          label: 'Running for',
          value: (t) => t.created,
          cell: (t) => formatDuration(Date.now() - t.created)
        },
        {
          label: '',
          value: () => '',
          cell: (t) => killButton(ctx.allowed, t.sourceAppName, t.taskId, ctx.refresh)
        },
      ],
      {
        pageSize: 50,
        empty: 'No active tasks',
        rowAttrs: (t) => ({dataset: {taskId: t.taskId, state: t.state}})
      });
  const finished = createTable(
      [
        {label: 'Source app', value: (t) => t.sourceAppName},
        {label: 'Task', value: (t) => t.taskId, cell: taskLink},
        {label: 'State', value: (t) => t.state, cell: (t) => badge(t.state)},
        {
          label: 'Result',
          value: (t) => t.resultStatus,
          cell: (t) => t.resultStatus ? badge(t.resultStatus) : ''
        },
        {label: 'Exit code', value: (t) => t.exitCode},
        {label: 'Host', value: (t) => t.hostname},
        {label: 'Finished', value: (t) => t.updated, cell: (t) => formatAge(t.updated)},
        {label: 'Error', value: (t) => t.error},
      ],
      {
        pageSize: 50,
        empty: 'No finished tasks in the event window',
        initialSort: {index: 6, direction: 'desc'}
      });
  const feed = createEventFeed((e) => e.type === 'TASK_STATE_CHANGE', 5000);
  ctx.main.append(
      h('h1', {}, 'Tasks'), finder(ctx), section('Active', active.el),
      section('Finished (from the last hour of events)', finished.el));
  return {
    interested: (e) => e.type === 'TASK_STATE_CHANGE',
    onEvent: (e) => feed.add(e),
    async refresh() {
      const [tasks, events] = await Promise.all([get('/tasks'), feed.update()]);
      active.setRows(tasks || []);
      const keys = new Set((tasks || []).map((t) => `${t.sourceAppName}/${t.taskId}`));
      finished.setRows(finishedTasks(events, keys));
    },
  };
}
