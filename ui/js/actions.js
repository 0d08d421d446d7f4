// Action buttons and their dialogs: inputs checked first, then the API call, its message shown.
import {ApiError} from './api.js';
import {h, replaceChildren} from './dom.js';

// spec: {action, label, title, fields: [{name, label, type, value}], confirmText,
//        validate(form) -> {error}|{value}, run(value) -> Promise<string>, done()}
export function actionButton(spec) {
  return h(
      'button', {
        type: 'button',
        className: `action ${spec.danger ? 'danger' : ''}`,
        dataset: {action: spec.action},
        onclick: () => openDialog(spec)
      },
      spec.label);
}

function fieldInput(field) {
  return h('label', {}, field.label, h('input', {
             name: field.name,
             type: field.type || 'text',
             value: (typeof field.value === 'function' ? field.value() : field.value) ?? '',
             autocomplete: 'off',
             required: true
           }));
}

function openDialog(spec) {
  const message = h('p', {className: 'message', dataset: {role: 'message'}});
  const submit = h('button', {type: 'submit', className: spec.danger ? 'danger' : ''}, spec.label);
  const form =
      h('form', {method: 'dialog', noValidate: true}, h('h2', {}, spec.title),
        spec.confirmText ? h('p', {}, spec.confirmText) : null, (spec.fields || []).map(fieldInput),
        message,
        h('div', {className: 'buttons'},
          h('button', {type: 'button', onclick: () => dialog.close()}, 'Close'), submit));
  const dialog = h('dialog', {className: 'action-dialog', dataset: {action: spec.action}}, form);
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const checked = spec.validate ? spec.validate(form) : {};
    if (checked.error) {
      showMessage(message, checked.error, 'error');
      return;
    }
    submit.disabled = true;
    showMessage(message, 'Working...', 'info');
    try {
      const text = await spec.run(checked.value);
      showMessage(message, text || 'Done', 'ok');
      if (spec.done) spec.done();
    } catch (error) {
      showMessage(message, error instanceof ApiError ? error.text : String(error.message), 'error');
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

function showMessage(el, text, kind) {
  el.className = `message ${kind}`;
  replaceChildren(el, text);
}

// The buttons a role may see, in the order given; done() runs after each successful call.
export function actionBar(allowed, specs, done) {
  const buttons = specs.filter((s) => allowed.has(s.action)).map((s) => actionButton({done, ...s}));
  return buttons.length > 0 ? h('div', {className: 'actions'}, buttons) : null;
}
