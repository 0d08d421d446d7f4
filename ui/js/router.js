// Pure route table: /ui/... paths to page names and their parameters (docs/ui.md "Pages").

const kRoutes = compileRoutes([
  ['', 'overview'],
  ['apps', 'apps'],
  ['apps/:appId', 'app'],
  ['apps/:appId/instances/:instanceId', 'instance', {kind: 'applications'}],
  ['logs/:kind/:id/:instanceId/:file', 'logs'],
  ['tasks', 'tasks'],
  ['tasks/:sourceApp/:taskId', 'task'],
  ['localservices', 'localservices'],
  ['localservices/:serviceId', 'localservice'],
  ['localservices/:serviceId/instances/:instanceId', 'instance', {kind: 'localservices'}],
  ['executors', 'executors'],
  ['executors/:executorId', 'executor'],
  ['topology', 'topology'],
  ['events', 'events'],
  ['cluster', 'cluster'],
]);

// [[pattern, page, fixed params], ...] -> the table matchIn reads; `:name` segments are
// parameters. drove-epoch's UI (js/epoch/) has its own table.
export function compileRoutes(table) {
  return table.map(
      ([pattern, page, fixed]) => ({parts: pattern ? pattern.split('/') : [], page, fixed}));
}

const kLogKinds = new Set(['applications', 'tasks', 'localservices']);

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

// Returns {page, params} for the first route of `routes` that `pathname` matches, else null.
export function matchIn(routes, pathname) {
  if (pathname !== '/ui' && !pathname.startsWith('/ui/')) return null;
  const segments = pathname.slice(3).split('/').filter(Boolean).map(decode);
  if (segments.includes(null)) return null;
  for (const route of routes) {
    if (route.parts.length !== segments.length) continue;
    const params = {...route.fixed};
    const ok = route.parts.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i];
        return true;
      }
      return part === segments[i];
    });
    if (ok) return {page: route.page, params};
  }
  return null;
}

// Returns {page, params} or null for a path outside the page set.
export function matchRoute(pathname) {
  const match = matchIn(kRoutes, pathname);
  if (match?.page === 'logs' && !kLogKinds.has(match.params.kind)) return null;
  return match;
}

// The page's path for a list of raw segments: each one encoded, so ids cannot change the route.
export function uiPath(...segments) {
  return `/ui/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}
