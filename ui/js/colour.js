// A stable colour per app id, so the same app looks the same on every page and every reload.

// FNV-1a: cheap, well spread over short ids that differ only in a version suffix.
export function hashString(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function appColour(appId) {
  const hash = hashString(String(appId));
  const hue = hash % 360;
  const lightness = 45 + ((hash >>> 9) % 3) * 8;
  return `hsl(${hue} 65% ${lightness}%)`;
}
