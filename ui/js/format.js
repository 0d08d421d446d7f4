// Pure formatting of durations, sizes, ages and timestamps for display.

const kUnits = [
  ['d', 86400000],
  ['h', 3600000],
  ['m', 60000],
  ['s', 1000],
];

// Two most significant units ("3d 4h", "5m 2s") read at a glance; below a second shows ms.
export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const parts = [];
  let rest = ms;
  for (const [name, size] of kUnits) {
    if (rest >= size || parts.length > 0) {
      parts.push(`${Math.floor(rest / size)}${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

export function formatAge(timestamp, now = Date.now()) {
  if (!Number.isFinite(timestamp) || timestamp <= 0) return '-';
  const ms = now - timestamp;
  if (ms < 1000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

const kByteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '-';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < kByteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${kByteUnits[unit]}`;
}

// Drove counts memory in MB everywhere; show MB until it reads better as GB or TB.
export function formatMB(mb) {
  if (!Number.isFinite(mb)) return '-';
  if (Math.abs(mb) < 1024) return `${mb} MB`;
  if (Math.abs(mb) < 1024 * 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${(mb / (1024 * 1024)).toFixed(1)} TB`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

// Local time, sortable, second precision: "2026-12-06 14:12:34".
export function formatTime(timestamp) {
  if (!Number.isFinite(timestamp) || timestamp <= 0) return '-';
  const d = new Date(timestamp);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
      `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function percent(used, total) {
  if (!total || total <= 0) return 0;
  return Math.max(0, Math.min(100, (used / total) * 100));
}
