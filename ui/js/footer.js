// Footer on every page: Drove's one-line cluster summary and our version.
import {get} from './api.js';
import {h, replaceChildren} from './dom.js';
import {formatMB} from './format.js';
import {badge, bar} from './widgets.js';

export async function renderFooter(footer, session) {
  let cluster;
  try {
    cluster = await get('/cluster');
  } catch {
    return;  // the page shows API errors; the footer keeps its last figures
  }
  const version = session.config?.version;
  replaceChildren(
      footer, h('span', {}, 'Cluster ', badge(cluster.state)),
      h('span', {}, `Executors ${cluster.numExecutors}`),
      h('span', {className: 'mini'}, `CPU ${cluster.usedCores}/${cluster.totalCores}`,
        bar(cluster.usedCores, cluster.totalCores)),
      h('span', {className: 'mini'},
        `Memory ${formatMB(cluster.usedMemory)}/${formatMB(cluster.totalMemory)}`,
        bar(cluster.usedMemory, cluster.totalMemory)),
      h('span', {}, `Apps ${cluster.numActiveApplications}/${cluster.numApplications}`),
      h('span', {}, `Tasks ${cluster.numActiveTasks}`),
      h('span', {}, `Local services ${cluster.numActiveLocalServices}/${cluster.numLocalServices}`),
      version ? h('span', {className: 'version'}, `drove ${version}`) : null);
}
