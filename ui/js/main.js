// Boot: who am I, installation badge, the router, live refresh and the footer.
import {ApiError, get, onLeaderLoss} from './api.js';
import {h, replaceChildren} from './dom.js';
import {installNavigation} from './navigation.js';
import {renderFooter} from './footer.js';
import {coalesce, kPollMs, startLive} from './live.js';
import {allowedActions, canReadLogs} from './roles.js';
import {matchRoute} from './router.js';
import {message} from './widgets.js';

const kReloadAfterLeaderLossMs = 1000;
const kEventCoalesceMs = 250;
const kFooterEveryMs = 15000;

const main = document.getElementById('page');
const session = {
  user: null,
  role: null,
  config: null,
  mode: 'polling'
};
let current = null;   // {page, controller, busy, again}
let navigations = 0;  // counts route() calls, so a slow one cannot mount over a newer page
const navigate = installNavigation(route);

function showLeaderBanner() {
  const banner = document.getElementById('banner');
  if (banner.dataset.kind === 'leader') return;
  banner.dataset.kind = 'leader';
  replaceChildren(banner, 'Lost the leader controller: reloading...');
  banner.hidden = false;
  setTimeout(() => window.location.assign('/ui/'), kReloadAfterLeaderLossMs);
}

async function loadSession() {
  const [who, config] = await Promise.allSettled([get('/whoami'), get('/ui/config')]);
  if (who.status === 'fulfilled' && who.value) {
    session.user = who.value.user;
    session.role = who.value.role ?? null;
  }
  if (config.status === 'fulfilled') session.config = config.value;
  const user = document.getElementById('user');
  replaceChildren(user, session.user ? `${session.user} (${session.role ?? 'no role'})` : '');
  const label = session.config?.installation?.label;
  if (label) {
    const badge = document.getElementById('installation');
    replaceChildren(badge, label);
    badge.dataset.criticality = session.config.installation.criticality || 'LOCAL';
    badge.hidden = false;
    document.title = `Drove: ${label}`;
  }
}

// One refresh at a time; a request during one runs once more after it.
async function refreshPage(entry) {
  if (entry.busy) {
    entry.again = true;
    return;
  }
  entry.busy = true;
  try {
    await entry.controller.refresh();
    if (entry === current) clearPageError();
  } catch (error) {
    showPageError(entry, error);
  } finally {
    entry.busy = false;
    if (entry === current && !main.dataset.ready) main.dataset.ready = 'true';
  }
  if (entry.again && entry === current) {
    entry.again = false;
    await refreshPage(entry);
  }
}

function showPageError(entry, error) {
  if (entry !== current) return;
  const text = error instanceof ApiError ? error.text : `Error: ${error.message}`;
  let box = main.querySelector(':scope > .page-error');
  if (!box) {
    box = message(text);
    box.classList.add('page-error');
    main.prepend(box);
  }
  replaceChildren(box, text);
}

function clearPageError() {
  main.querySelector(':scope > .page-error')?.remove();
}

async function route() {
  const navigation = ++navigations;
  if (current?.controller.unmount) current.controller.unmount();
  const match = matchRoute(window.location.pathname);
  const page = match ? match.page : 'notfound';
  current = null;
  main.dataset.page = page;
  delete main.dataset.ready;
  main.replaceChildren();
  document.querySelectorAll('nav a').forEach((a) => {
    a.classList.toggle(
        'active',
        a.dataset.nav === page || a.dataset.nav === `${page}s` ||
            (a.dataset.nav === 'apps' && page === 'instance'));
  });
  if (!match) {
    main.append(h('h1', {}, 'Not found'), message(`No page at ${window.location.pathname}`));
    main.dataset.ready = 'true';
    return;
  }
  const module = await import(`./pages/${page}.js`);
  if (navigation !== navigations) return;  // the user moved on while the module loaded
  const entry = {page, busy: false, again: false, controller: null};
  const context = {
    main,
    params: match.params,
    query: new URLSearchParams(window.location.search),
    user: session.user,
    role: session.role,
    allowed: allowedActions(session.role),
    canReadLogs: canReadLogs(session.role),
    config: session.config,
    navigate,
    refresh: () => refreshPage(entry),
  };
  entry.controller = module.mount(context);
  // A page may ask for a longer wait when one refresh is expensive (topology: one call per
  // executor).
  entry.refreshSoon =
      coalesce(() => refreshPage(entry), entry.controller.coalesceMs ?? kEventCoalesceMs,
               {minGapMs: entry.controller.minRefreshGapMs ?? 0});
  current = entry;
  await refreshPage(entry);
}

function onLiveEvent(event) {
  if (current?.controller.onEvent) current.controller.onEvent(event);
  if (current && current.controller.live !== false &&
      (!current.controller.interested || current.controller.interested(event))) {
    current.refreshSoon();
  }
  footerSoon();
}

function setMode(mode) {
  session.mode = mode;
  document.body.dataset.live = mode;
  const indicator = document.getElementById('live');
  replaceChildren(indicator, mode === 'stream' ? 'live' : 'polling');
  indicator.dataset.mode = mode;
}

const footerSoon = coalesce(() => renderFooter(document.getElementById('footer'), session), 1000);

async function boot() {
  onLeaderLoss(showLeaderBanner);
  await loadSession();
  startLive({
    onEvent: onLiveEvent,
    onReset: () => current && current.refreshSoon(),
    onMode: setMode,
  });
  setInterval(() => {
    if (session.mode === 'polling' && current && current.controller.live !== false) {
      refreshPage(current);
    }
  }, kPollMs);
  renderFooter(document.getElementById('footer'), session);
  setInterval(() => renderFooter(document.getElementById('footer'), session), kFooterEveryMs);
  await route();
}

boot();
