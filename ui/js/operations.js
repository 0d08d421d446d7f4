// Bodies of the write calls the UI makes, as Drove defines them (drove-api.md 2.2.1, 2.3).

// What drove-cli sends by default: 5 minutes, one at a time, stop on failure.
const kDefaultOpSpec = Object.freeze({timeout: '5m', parallelism: 1, failureStrategy: 'STOP'});

export function scaleOperation(appId, instances) {
  return {type: 'SCALE', appId, requiredInstances: instances, opSpec: kDefaultOpSpec};
}

export function suspendOperation(appId) {
  return {type: 'SUSPEND', appId, opSpec: kDefaultOpSpec};
}

// No instanceIds: Drove replaces every healthy instance.
export function restartOperation(appId) {
  return {type: 'REPLACE_INSTANCES', appId, opSpec: kDefaultOpSpec};
}

export function destroyOperation(appId) {
  return {type: 'DESTROY', appId, opSpec: kDefaultOpSpec};
}

export function killTaskOperation(sourceAppName, taskId) {
  return {type: 'KILL', sourceAppName, taskId, opSpec: kDefaultOpSpec};
}

// Returns {value} or {error} naming the field; Drove's SCALE admits 0..2048.
export function parseInstances(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^\d+$/.test(trimmed)) return {error: 'instances: must be a whole number from 0 to 2048'};
  const value = Number(trimmed);
  if (value > 2048) return {error: 'instances: must be at most 2048'};
  return {value};
}

export function checkConfirmation(typed, expected) {
  return String(typed ?? '').trim() === expected ?
      {} :
      {error: `confirm: type the app id "${expected}" exactly`};
}
