// drove-epoch's UI boot: who am I, the page table, and a refresh every few seconds (Epoch has no
// event stream). Pages are js/epoch/pages/*.js, built from the controller UI's kit.
import {ApiError, get} from '../api.js';
import {h, replaceChildren} from '../dom.js';
import {installNavigation} from '../navigation.js';
import {kPollMs} from '../live.js';
import {compileRoutes, matchIn} from '../router.js';
import {message} from '../widgets.js';
import {epochActions} from './topology_request.js';

const kRoutes = compileRoutes([
  ['', 'topologies'],
  ['topologies', 'topologies'],
  ['new', 'form'],
  ['topologies/:id', 'topology'],
  ['topologies/:id/edit', 'form'],
]);

const main = document.getElementById('page');
const session = {user: null, role: null};
let current = null;   // {controller, busy}
let navigations = 0;  // so a slow page load cannot mount over a newer one
const navigate = installNavigation(route);

async function loadSession() {
  try {
    const who = await get('/whoami');
    session.user = who.user;
    session.role = who.role;
  } catch (error) {
    console.warn('whoami failed', error);  // the pages still load; actions stay hidden
  }
  replaceChildren(
      document.getElementById('user'), session.user ? `${session.user} (${session.role})` : '');
  document.getElementById('nav-new').hidden = !epochActions(session.role).has('create');
}

async function refresh(entry) {
  if (entry.busy) return;
  entry.busy = true;
  try {
    await entry.controller.refresh();
    if (entry === current) main.querySelector(':scope > .page-error')?.remove();
  } catch (error) {
    if (entry === current) showError(error);
  } finally {
    entry.busy = false;
    if (entry === current) main.dataset.ready = 'true';
  }
}

function showError(error) {
  const text = error instanceof ApiError ? error.text : `Error: ${error.message}`;
  let box = main.querySelector(':scope > .page-error');
  if (!box) {
    box = message(text);
    box.classList.add('page-error');
    main.prepend(box);
  }
  replaceChildren(box, text);
}

async function route() {
  const navigation = ++navigations;
  current?.controller.unmount?.();
  current = null;
  const match = matchIn(kRoutes, window.location.pathname);
  main.dataset.page = match ? match.page : 'notfound';
  delete main.dataset.ready;
  main.replaceChildren();
  document.querySelectorAll('nav a').forEach((a) => {
    a.classList.toggle('active', a.dataset.nav === main.dataset.page);
  });
  if (!match) {
    main.append(h('h1', {}, 'Not found'), message(`No page at ${window.location.pathname}`));
    main.dataset.ready = 'true';
    return;
  }
  const module = await import(`./pages/${match.page}.js`);
  if (navigation !== navigations) return;
  const entry = {busy: false, controller: null};
  entry.controller = module.mount({
    main,
    params: match.params,
    user: session.user,
    role: session.role,
    allowed: epochActions(session.role),
    navigate,
    refresh: () => refresh(entry),
  });
  current = entry;
  await refresh(entry);
}

async function boot() {
  await loadSession();
  setInterval(() => {
    if (current && current.controller.live !== false) refresh(current);
  }, kPollMs);
  await route();
}

boot();
