// Pure: drove-epoch's topology form <-> its simple request ({name, cron, docker, cpus, memory,
// notifyEmail, env, volumes}), checked with the server's rules so mistakes show before sending.

const kName = /^[0-9a-zA-Z_-]+$/;
const kEmail = '[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,6}';
const kEmails = new RegExp(`^${kEmail}(,\\s*${kEmail})*$`);
const kEnvName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const kModes = {ro: 'READ_ONLY', rw: 'READ_WRITE'};

// "A=1\nB=two" -> {A: '1', B: 'two'}; blank lines are skipped.
export function parseEnv(text, errors) {
  const env = {};
  String(text ?? '').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    const name = eq < 0 ? line : line.slice(0, eq).trim();
    if (eq < 0 || !kEnvName.test(name)) {
      errors.push(`env: line ${i + 1} must be NAME=value (NAME: letters, digits, _)`);
      return;
    }
    env[name] = line.slice(eq + 1);
  });
  return env;
}

// "/host:/container[:ro|rw]" per line -> [{pathInContainer, pathOnHost, mode}].
export function parseVolumes(text, errors) {
  const volumes = [];
  String(text ?? '').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [host, container, mode = 'rw', extra] = line.split(':');
    if (extra !== undefined || !host?.startsWith('/') || !container?.startsWith('/') ||
        !kModes[mode]) {
      errors.push(`volumes: line ${i + 1} must be /host/path:/container/path[:ro|rw]`);
      return;
    }
    volumes.push({pathInContainer: container, pathOnHost: host, mode: kModes[mode]});
  });
  return volumes;
}

function wholeNumber(text, field, min, max, errors) {
  const value = Number(String(text ?? '').trim());
  if (!/^\d+$/.test(String(text ?? '').trim()) || value < min || value > max) {
    errors.push(`${field}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

// values: the form's strings {name, cron, docker, cpus, memory, notifyEmail, env, volumes}.
// Returns {request} or {errors: ['field: rule broken', ...]} (every problem at once).
export function formToRequest(values, {withName = true} = {}) {
  const errors = [];
  const text = (key) => String(values[key] ?? '').trim();
  if (withName && !kName.test(text('name'))) {
    errors.push('name: required; letters, digits, - and _ only');
  }
  if (!text('cron')) errors.push('cron: required (a Quartz cron expression)');
  if (!text('docker')) errors.push('docker: required (an image, e.g. docker.io/library/bash:5)');
  const cpus = wholeNumber(values.cpus, 'cpus', 1, 40, errors);
  const memory = wholeNumber(values.memory, 'memory', 128, 100000, errors);
  if (!kEmails.test(text('notifyEmail'))) {
    errors.push('notifyEmail: one or more e-mail addresses, separated by commas');
  }
  const env = parseEnv(values.env, errors);
  const volumes = parseVolumes(values.volumes, errors);
  if (errors.length > 0) return {errors};
  const request = {cron: text('cron'), docker: text('docker'), cpus, memory,
                   notifyEmail: text('notifyEmail'), env, volumes};
  return {request: withName ? {name: text('name'), ...request} : request};
}

// A stored topology (EpochTopologyDetails) as the form's strings, for editing.
export function topologyToForm(details) {
  const topology = details?.topology ?? {};
  const task = topology.task ?? {};
  const resource = (type) => (task.resources ?? []).find((r) => r.type === type) ?? {};
  const modeOf = (mode) => (mode === 'READ_ONLY' ? 'ro' : 'rw');
  return {
    name: topology.name ?? details?.id ?? '',
    cron: topology.trigger?.timeSpec ?? '',
    docker: task.executable?.url ?? '',
    cpus: String(resource('CPU').count ?? ''),
    memory: String(resource('MEMORY').sizeInMB ?? ''),
    notifyEmail: (topology.notify?.emails ?? []).join(','),
    env: Object.entries(task.env ?? {}).map(([k, v]) => `${k}=${v}`).join('\n'),
    volumes: (task.volumes ?? [])
                 .map((v) => `${v.pathOnHost}:${v.pathInContainer}:${modeOf(v.mode)}`)
                 .join('\n'),
  };
}

// Whether the simple form can edit this topology (one container task, a cron trigger): others
// (composite tasks, AT triggers) were made through the full API and are only shown.
export function isSimpleTopology(details) {
  const topology = details?.topology ?? {};
  return topology.task?.type === 'CONTAINER_EXECUTION' && topology.trigger?.type === 'CRON';
}

// The actions drove-epoch's roles may take (the server enforces; the UI only hides).
export function epochActions(role) {
  const all = ['create', 'edit', 'run', 'pause', 'unpause', 'delete', 'kill'];
  return new Set(role === 'READ_WRITE' ? all : []);
}

// Deleting asks for the topology's name, typed exactly.
export function checkTypedName(typed, name) {
  if (String(typed ?? '').trim() === name) return {};
  return {error: `confirm: type the topology name "${name}" exactly`};
}
