// Element builder: data reaches the DOM only as text nodes or attributes, never as HTML.

// h('a', {href: '/ui/apps', className: 'x', dataset: {page: 'apps'}, onclick: fn}, 'text', node,
// [...])
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className')
      el.className = value;
    else if (key === 'dataset')
      Object.assign(el.dataset, value);
    else if (key === 'style')
      Object.assign(el.style, value);
    else if (key.startsWith('on'))
      el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string')
      el[key] = value;
    else
      el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// In-app link: main.js intercepts clicks on a[data-route] for history navigation.
export function link(path, text, attrs = {}) {
  return h('a', {href: path, dataset: {route: ''}, ...attrs}, text);
}
