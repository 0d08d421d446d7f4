// One local service: summary, instances grouped by host, old instances, spec.
import {get, seg} from '../api.js';
import {h, replaceChildren} from '../dom.js';
import {eventSubject} from '../events_model.js';
import {formatMB, formatTime} from '../format.js';
import {instancesTable, oldInstancesTable} from '../instance_tables.js';
import {badge, field, kv, section} from '../widgets.js';

function perHost(instances) {
  const hosts = new Map();
  for (const i of instances) {
    const host = i.localInfo?.hostname ?? i.executorId;
    hosts.set(host, (hosts.get(host) || 0) + 1);
  }
  return [...hosts.entries()].sort().map(([host, n]) => `${host}: ${n}`).join(', ') || '-';
}

export function mount(ctx) {
  const {serviceId} = ctx.params;
  const instances = instancesTable('localservices', serviceId);
  const old = oldInstancesTable('localservices', serviceId);
  const parts = {summary: h('div'), spec: h('pre', {className: 'json'})};
  ctx.main.append(
      h('h1', {}, serviceId), section('Summary', parts.summary), section('Instances', instances.el),
      section('Old instances', old.el),
      h('details', {className: 'panel'}, h('summary', {}, 'Spec'), parts.spec));
  return {
    interested: (e) => eventSubject(e).serviceId === serviceId,
    async refresh() {
      const base = `/localservices/${seg(serviceId)}`;
      const [s, current, previous, spec] = await Promise.all(
          [get(base), get(`${base}/instances`), get(`${base}/instances/old`), get(`${base}/spec`)]);
      replaceChildren(parts.summary, kv([
                        ['ID', s.id],
                        ['Name', s.name],
                        ['State', badge(s.state)],
                        ['Activation', badge(s.activationState)],
                        ['Instances per host', field('expected', String(s.instancesPerHost))],
                        ['Healthy', field('healthy', String(s.healthyInstances))],
                        ['Instances by host', perHost(current || [])],
                        ['CPU', `${s.totalCPUs} cores`],
                        ['Memory', formatMB(s.totalMemory)],
                        ['Created', formatTime(s.created)],
                        ['Updated', formatTime(s.updated)],
                      ]));
      instances.setRows(current || []);
      old.setRows(previous || []);
      replaceChildren(parts.spec, JSON.stringify(spec, null, 2));
    },
  };
}
