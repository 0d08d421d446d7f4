// The log file list of an instance or task, each with a viewer link and a download link.
import {get, kApi, seg} from './api.js';
import {h, link} from './dom.js';
import {uiPath} from './router.js';
import {message} from './widgets.js';

// kind: applications | tasks | localservices; id: app, source app or service id.
export async function logFilesPanel(kind, id, instanceId, canRead) {
  if (!canRead) return message('You do not have access to log files on this cluster', 'info');
  const base = `/logfiles/${kind}/${seg(id)}/${seg(instanceId)}`;
  let files;
  try {
    files = (await get(`${base}/list`, {raw: true}))?.files || [];
  } catch (error) {
    return message(`Log files: ${error.text ?? error.message}`);
  }
  if (files.length === 0) return h('p', {className: 'muted'}, 'No log files');
  return h(
      'ul', {className: 'plain log-files'},
      files.map(
          (file) => h(
              'li', {dataset: {file}}, link(uiPath('logs', kind, id, instanceId, file), file), ' ',
              h('a', {
                href: `${kApi}${base}/download/${seg(file)}?rename=true`,
                download: '',
                className: 'download'
              },
                'Download'))));
}
