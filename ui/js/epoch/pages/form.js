// Create or edit a topology with Epoch's simple request; the cron field has its help and the
// next fire times beside it. Checked here first, then by the server (which decides).
import {ApiError} from '../../api.js';
import {h, replaceChildren} from '../../dom.js';
import {uiPath} from '../../router.js';
import {message, section} from '../../widgets.js';
import {cronHelp} from '../cron_help.js';
import {create, topology, update} from '../epoch_api.js';
import {formToRequest, isSimpleTopology, topologyToForm} from '../topology_request.js';

const kFields = [
  {name: 'name', label: 'Name', hint: 'letters, digits, - and _; the topology id'},
  {name: 'cron', label: 'Cron', hint: 'Quartz: sec min hour day month weekday [year]'},
  {name: 'docker', label: 'Docker image', hint: 'e.g. docker.io/library/bash:5'},
  {name: 'cpus', label: 'CPUs', type: 'number', hint: '1 to 40', value: '1'},
  {name: 'memory', label: 'Memory (MB)', type: 'number', hint: '128 to 100000', value: '512'},
  {name: 'notifyEmail', label: 'Notify e-mail', hint: 'comma-separated addresses'},
  {name: 'env', label: 'Environment', multiline: true, hint: 'NAME=value, one a line'},
  {name: 'volumes', label: 'Volumes', multiline: true,
   hint: '/host/path:/container/path[:ro|rw], one a line'},
];

function inputFor(field, value, editing) {
  const text = value ?? field.value ?? '';
  if (field.multiline) return h('textarea', {name: field.name, rows: 3}, text);
  return h('input', {
    name: field.name,
    autocomplete: 'off',
    value: text,
    type: field.type || 'text',
    readOnly: editing && field.name === 'name'
  });
}

async function submit(form, id, ctx, out) {
  const values =
      Object.fromEntries(kFields.map((f) => [f.name, form.elements.namedItem(f.name).value]));
  const checked = formToRequest(values, {withName: !id});
  if (checked.errors) {
    replaceChildren(out, checked.errors.map((e) => message(e)));
    return;
  }
  replaceChildren(out, message('Saving...', 'info'));
  try {
    const saved = id ? await update(id, checked.request) : await create(checked.request);
    ctx.navigate(uiPath('topologies', saved.topologyId));
  } catch (error) {
    replaceChildren(out, message(error instanceof ApiError ? error.text : error.message));
  }
}

function buildForm(ctx, id, values) {
  const out = h('div', {dataset: {role: 'form-messages'}});
  const inputs =
      Object.fromEntries(kFields.map((f) => [f.name, inputFor(f, values?.[f.name], !!id)]));
  const form = h('form', {className: 'topology-form', noValidate: true},
                 kFields.map((f) => h('label', {}, f.label, inputs[f.name],
                                      h('small', {className: 'muted'}, f.hint))),
                 out,
                 h('div', {className: 'buttons'},
                   h('button', {type: 'submit'}, id ? 'Save' : 'Create')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form, id, ctx, out);
  });
  return h('div', {className: 'grid2'}, section(id ? `Edit ${id}` : 'New topology', form),
           section('Schedule', cronHelp(inputs.cron)));
}

export function mount(ctx) {
  const id = ctx.params.id;  // undefined when creating
  const body = h('div');
  ctx.main.append(body);
  let loaded = false;
  return {
    live: false,  // a refresh would overwrite what the user is typing
    async refresh() {
      if (loaded) return;
      loaded = true;
      if (!id) {
        replaceChildren(body, buildForm(ctx, null, null));
        return;
      }
      const details = await topology(id);
      replaceChildren(body, isSimpleTopology(details) ?
                                buildForm(ctx, id, topologyToForm(details)) :
                                message(`${id} was made through the full API: edit it there`));
    },
  };
}
