// The controller list (GET /cluster/controllers) the overview and cluster pages show: every
// controller campaigning, the leader first, the one that served this page marked.
import {h} from './dom.js';

// "host:4000 (leader, this node)": one controller as the list reads.
export function controllerLabel(controller) {
  const marks = [controller.leader && 'leader', controller.self && 'this node'].filter(Boolean);
  return marks.length > 0 ? `${controller.id} (${marks.join(', ')})` : controller.id;
}

// null (the route failed, e.g. an older controller): says only the leader is known.
export function controllerList(controllers) {
  if (!Array.isArray(controllers)) {
    return h('span', {dataset: {field: 'controllers'}}, 'only the leader is known');
  }
  return h(
      'ul', {className: 'plain', dataset: {field: 'controllers'}},
      controllers.map(
          (c) => h(
              'li', {dataset: {controller: c.id, leader: String(c.leader), self: String(c.self)}},
              c.leader ? h('strong', {}, controllerLabel(c)) : controllerLabel(c))));
}
