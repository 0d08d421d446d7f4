// A state facet (select of the states present) shared by the list pages; pages import it.
import {h, replaceChildren} from './dom.js';

export function stateFacet(initial, onChange, stateOf = (row) => row.state) {
  let selected = initial || '';
  const select = h('select', {
    name: 'state',
    onchange: () => {
      selected = select.value;
      onChange();
    }
  });
  const el = h('label', {className: 'facet'}, 'State ', select);
  return {
    el,
    setStates(states) {
      const unique = [...new Set([...states, selected].filter(Boolean))].sort();
      replaceChildren(
          select, h('option', {value: ''}, 'all'),
          unique.map((s) => h('option', {value: s, selected: s === selected}, s)));
    },
    apply(rows) {
      return selected ? rows.filter((r) => stateOf(r) === selected) : rows;
    },
  };
}
