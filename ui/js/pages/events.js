// Events: the live stream over an initial events/latest load, filtered by type, app and executor.
import {h, replaceChildren} from '../dom.js';
import {createEventFeed} from '../event_feed.js';
import {eventList} from '../event_list.js';
import {eventMatches, kEventTypes} from '../events_model.js';

const kKeep = 2000;
const kShow = 500;

function filterForm(filters, onChange) {
  const type =
      h('select', {name: 'type'}, h('option', {value: ''}, 'any type'),
        kEventTypes.map((t) => h('option', {value: t, selected: t === filters.type}, t)));
  const app =
      h('input', {name: 'app', placeholder: 'App, service or source app', value: filters.app});
  const executor =
      h('input', {name: 'executor', placeholder: 'Executor id', value: filters.executor});
  const changed = () =>
      onChange({type: type.value, app: app.value.trim(), executor: executor.value.trim()});
  type.addEventListener('change', changed);
  app.addEventListener('change', changed);
  executor.addEventListener('change', changed);
  return h('div', {className: 'filters'}, type, app, executor);
}

export function mount(ctx) {
  let filters = {
    type: ctx.query.get('type') || '',
    app: ctx.query.get('app') || '',
    executor: ctx.query.get('executor') || ''
  };
  const feed = createEventFeed(() => true, kKeep);
  let paused = false;
  const list = h('div');
  const status = h('span', {className: 'status'});
  // While paused the list stays still and only the counts move.
  const draw = () => {
    const shown = feed.events.filter((e) => eventMatches(e, filters));
    replaceChildren(
        status, `${shown.length} of ${feed.events.length} events` + (paused ? ', paused' : ''));
    if (!paused) replaceChildren(list, eventList(shown.slice(0, kShow), 'No events match'));
  };
  const pause =
      h('button', {
        type: 'button',
        dataset: {action: 'pause'},
        onclick: () => {
          paused = !paused;
          replaceChildren(pause, paused ? 'Resume' : 'Pause');
          draw();
        }
      },
        'Pause');
  const form = filterForm(filters, (next) => {
    filters = next;
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    window.history.replaceState(null, '', `/ui/events${query.size ? `?${query}` : ''}`);
    draw();
  });
  ctx.main.append(
      h('h1', {}, 'Events'), h('div', {className: 'toolbar'}, form, pause, status), list);
  return {
    interested: () => false,
    onEvent(e) {
      feed.add(e);
      draw();
    },
    async refresh() {
      await feed.update();
      draw();
    },
  };
}
