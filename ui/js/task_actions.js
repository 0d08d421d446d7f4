// The kill action for a task, used by the tasks list and the task page.
import {actionButton} from './actions.js';
import {post} from './api.js';
import {killTaskOperation} from './operations.js';

export function killButton(allowed, sourceAppName, taskId, done) {
  if (!allowed.has('kill')) return null;
  return actionButton({
    action: 'kill',
    label: 'Kill',
    danger: true,
    done,
    title: `Kill task ${sourceAppName}/${taskId}`,
    confirmText: 'Stops the task\'s container; its result becomes CANCELLED.',
    run: () => post('/tasks/operations', killTaskOperation(sourceAppName, taskId))
                   .then(() => 'Kill requested')
  });
}

// Finished tasks from TASK_STATE_CHANGE events: the newest event per task, if not active any more.
const kActiveTaskStates =
    new Set(['PENDING', 'PROVISIONING', 'STARTING', 'RUNNING', 'RUN_COMPLETED', 'DEPROVISIONING']);

export function finishedTasks(events, activeKeys) {
  const newest = new Map();
  for (const e of events) {
    if (e.type !== 'TASK_STATE_CHANGE') continue;
    const key = `${e.metadata.APP_NAME}/${e.metadata.TASK_ID}`;
    if (!newest.has(key) || newest.get(key).time < e.time) newest.set(key, e);
  }
  return [
    ...newest.entries()
  ].filter(([key, e]) => !activeKeys.has(key) && !kActiveTaskStates.has(e.metadata.CURRENT_STATE))
      .map(([, e]) => ({
             sourceAppName: e.metadata.APP_NAME,
             taskId: e.metadata.TASK_ID,
             state: e.metadata.CURRENT_STATE,
             resultStatus: e.metadata.RESULT_STATUS,
             exitCode: e.metadata.RESULT_EXIT_CODE,
             hostname: e.metadata.EXECUTOR_HOST,
             error: e.metadata.ERROR,
             updated: e.time,
           }));
}
