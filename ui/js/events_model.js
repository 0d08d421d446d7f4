// What a cluster event is about: its subject, page link, one-line text, and filter matching.

const kTypes = [
  'APP_STATE_CHANGE',
  'INSTANCE_STATE_CHANGE',
  'TASK_STATE_CHANGE',
  'LOCAL_SERVICE_STATE_CHANGE',
  'LOCAL_SERVICE_INSTANCE_STATE_CHANGE',
  'EXECUTOR_ADDED',
  'EXECUTOR_REMOVED',
  'EXECUTOR_BLACKLIST_REQUESTED',
  'EXECUTOR_BLACKLISTED',
  'EXECUTOR_UN_BLACKLISTED',
  'MAINTENANCE_MODE_SET',
  'MAINTENANCE_MODE_REMOVED',
  'LEADERSHIP_ACQUIRED',
  'LEADERSHIP_LOST',
];

export const kEventTypes = Object.freeze(kTypes);

function enc(value) {
  return encodeURIComponent(String(value));
}

// {appId, serviceId, executorId, instanceId, taskId, sourceApp} found in the event's metadata.
export function eventSubject(event) {
  const m = event.metadata || {};
  return {
    appId: m.APP_ID,
    serviceId: m.LOCAL_SERVICE_ID ?? m.SERVICE_ID,
    executorId: m.EXECUTOR_ID,
    instanceId: m.INSTANCE_ID,
    taskId: m.TASK_ID,
    sourceApp: event.type === 'TASK_STATE_CHANGE' ? m.APP_NAME : undefined,
  };
}

// The UI page the event is about, or null when there is none (cluster-wide events).
export function eventLink(event) {
  const s = eventSubject(event);
  switch (event.type) {
    case 'APP_STATE_CHANGE':
      return s.appId ? `/ui/apps/${enc(s.appId)}` : null;
    case 'INSTANCE_STATE_CHANGE':
      return s.appId && s.instanceId ? `/ui/apps/${enc(s.appId)}/instances/${enc(s.instanceId)}` :
                                       null;
    case 'TASK_STATE_CHANGE':
      return s.sourceApp && s.taskId ? `/ui/tasks/${enc(s.sourceApp)}/${enc(s.taskId)}` : null;
    case 'LOCAL_SERVICE_STATE_CHANGE':
    case 'LOCAL_SERVICE_INSTANCE_STATE_CHANGE':
      return s.serviceId ? `/ui/localservices/${enc(s.serviceId)}` : null;
    case 'EXECUTOR_ADDED':
    case 'EXECUTOR_BLACKLIST_REQUESTED':
    case 'EXECUTOR_BLACKLISTED':
    case 'EXECUTOR_UN_BLACKLISTED':
      return s.executorId ? `/ui/executors/${enc(s.executorId)}` : null;
    case 'MAINTENANCE_MODE_SET':
    case 'MAINTENANCE_MODE_REMOVED':
    case 'LEADERSHIP_ACQUIRED':
    case 'LEADERSHIP_LOST':
      return '/ui/cluster';
    default:
      return null;
  }
}

// One line: the object and its new state ("web-1 AI-1234 HEALTHY").
export function eventText(event) {
  const m = event.metadata || {};
  const s = eventSubject(event);
  const object =
      s.instanceId ?? s.taskId ?? s.appId ?? s.serviceId ?? m.HOSTNAME ?? s.executorId ?? '';
  const owner = s.instanceId ? (s.appId ?? s.serviceId ?? '') : '';
  const parts = [owner, object, m.CURRENT_STATE ?? '', m.RESULT_STATUS ?? '', m.ERROR ?? ''];
  return parts.filter((p) => p !== '').join(' ');
}

// filters: {type, app, executor} (strings, empty = any). "app" matches app, service or source app.
export function eventMatches(event, filters) {
  const s = eventSubject(event);
  if (filters.type && event.type !== filters.type) return false;
  if (filters.app &&
      ![s.appId, s.serviceId, s.sourceApp, event.metadata?.APP_NAME].includes(filters.app)) {
    return false;
  }
  if (filters.executor && s.executorId !== filters.executor) return false;
  return true;
}

// Events arrive newest first from events/latest; keep one copy each, newest first, at most max.
export function mergeEvents(existing, incoming, max = 1000) {
  const seen = new Set(existing.map((e) => e.id));
  const fresh = incoming.filter((e) => !seen.has(e.id));
  return [...fresh, ...existing].sort((a, b) => b.time - a.time).slice(0, max);
}
