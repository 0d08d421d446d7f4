// A list of cluster events as DOM rows (time, type, linked object), newest first.
import {h, link} from './dom.js';
import {eventLink, eventText} from './events_model.js';
import {formatAge, formatTime} from './format.js';

function eventRow(event) {
  const target = eventLink(event);
  const text = eventText(event);
  return h(
      'li', {dataset: {eventType: event.type}},
      h('time', {title: formatTime(event.time)}, formatAge(event.time)), ' ',
      h('span', {className: 'event-type'}, event.type), ' ',
      target ? link(target, text || target) : text);
}

export function eventList(events, empty = 'No events') {
  return events.length > 0 ? h('ul', {className: 'events'}, events.map(eventRow)) :
                             h('p', {className: 'muted'}, empty);
}
