// One task: state, result and exit code, placement, errors, log files; kill while it runs.
import {get, seg} from '../api.js';
import {h, link, replaceChildren} from '../dom.js';
import {formatAge, formatTime} from '../format.js';
import {logFilesPanel} from '../log_files.js';
import {uiPath} from '../router.js';
import {killButton} from '../task_actions.js';
import {allocationText, badge, kv, section} from '../widgets.js';

function result(task) {
  if (!task.taskResult) return 'still running';
  return [badge(task.taskResult.status), ` (Exit code: ${task.taskResult.exitCode})`];
}

export function mount(ctx) {
  const {sourceApp, taskId} = ctx.params;
  const parts = {head: h('div', {className: 'page-head'}), details: h('div'), logs: h('div')};
  ctx.main.append(
      parts.head,
      h('div', {className: 'grid2'}, section('Details', parts.details),
        section('Log files', parts.logs)));
  return {
    interested: (e) => e.type === 'TASK_STATE_CHANGE' && e.metadata?.TASK_ID === taskId,
    async refresh() {
      const [task, logs] = await Promise.all([
        get(`/tasks/${seg(sourceApp)}/instances/${seg(taskId)}`),
        logFilesPanel('tasks', sourceApp, taskId, ctx.canReadLogs),
      ]);
      replaceChildren(
          parts.head, h('h1', {}, `${sourceApp} / ${taskId}`),
          task.taskResult ? null : killButton(ctx.allowed, sourceApp, taskId, ctx.refresh));
      replaceChildren(parts.details, kv([
                        ['Source app', sourceApp],
                        ['Task', taskId],
                        ['Instance', task.instanceId],
                        ['State', badge(task.state)],
                        ['Result', result(task)],
                        ['Host', task.hostname || '-'],
                        ['Executor', link(uiPath('executors', task.executorId), task.executorId)],
                        ['Image', task.executable?.url ?? '-'],
                        ['Resources', allocationText(task.resources)],
                        ['Created', formatTime(task.created)],
                        ['Updated', `${formatTime(task.updated)} (${formatAge(task.updated)})`],
                        ['Error', task.errorMessage || '-'],
                      ]));
      replaceChildren(parts.logs, logs);
    },
  };
}
