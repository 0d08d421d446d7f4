// Tables: pure sort, filter and paging, and a small DOM table that keeps its state across
// refreshes.
import {h, replaceChildren} from './dom.js';

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, {numeric: true, sensitivity: 'base'});
}

// Stable: equal keys keep their input order, so refreshes do not shuffle rows.
export function sortRows(rows, valueOf, direction = 'asc') {
  const sign = direction === 'desc' ? -1 : 1;
  return rows.map((row, index) => ({row, index, key: valueOf(row)}))
      .sort((x, y) => sign * compareValues(x.key, y.key) || x.index - y.index)
      .map((x) => x.row);
}

// Every whitespace-separated word must appear (case-insensitively) in some searchable value.
export function filterRows(rows, query, textsOf) {
  const words = String(query || '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = textsOf(row).map((v) => String(v ?? '').toLowerCase()).join('\u0000');
    return words.every((w) => text.includes(w));
  });
}

export function pageRows(rows, page, size) {
  if (!size || size <= 0) return {rows, page: 0, pages: 1};
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return {rows: rows.slice(current * size, (current + 1) * size), page: current, pages};
}

// columns: [{label, value(row) (sort + filter key), cell(row) -> Node|string (default value)}]
// options: {rowAttrs(row), pageSize, filter (bool), empty (text), initialSort: {index, direction}}
export function createTable(columns, options = {}) {
  const state = {
    rows: [],
    query: '',
    sort: options.initialSort || {index: -1, direction: 'asc'},
    page: 0,
  };
  const tbody = h('tbody');
  const pager = h('div', {className: 'pager'});
  const headers = columns.map(
      (column, index) =>
          h('th', {scope: 'col', onclick: () => toggleSort(index), title: 'Sort'}, column.label));
  const filter = options.filter === false ? null : h('input', {
    type: 'search',
    name: 'filter',
    placeholder: 'Filter',
    className: 'filter',
    oninput: (e) => {
      state.query = e.target.value;
      state.page = 0;
      draw();
    }
  });
  const el =
      h('div', {className: 'table-wrap'}, filter,
        h('table', {}, h('thead', {}, h('tr', {}, headers)), tbody), pager);

  function toggleSort(index) {
    const same = state.sort.index === index;
    state.sort = {index, direction: same && state.sort.direction === 'asc' ? 'desc' : 'asc'};
    draw();
  }

  function draw() {
    let rows = filterRows(state.rows, state.query, (row) => columns.map((c) => c.value(row)));
    if (state.sort.index >= 0)
      rows = sortRows(rows, columns[state.sort.index].value, state.sort.direction);
    const paged = pageRows(rows, state.page, options.pageSize || 0);
    state.page = paged.page;
    headers.forEach((th, i) => {
      th.dataset.sort = i === state.sort.index ? state.sort.direction : '';
    });
    const trs = paged.rows.map(
        (row) =>
            h('tr', options.rowAttrs ? options.rowAttrs(row) : {},
              columns.map((c) => h('td', {}, c.cell ? c.cell(row) : formatCell(c.value(row))))));
    if (trs.length === 0) {
      trs.push(
          h('tr', {},
            h('td', {colSpan: columns.length, className: 'empty'},
              options.empty || 'Nothing to show')));
    }
    replaceChildren(tbody, trs);
    drawPager(paged, rows.length);
  }

  function drawPager(paged, count) {
    if (paged.pages <= 1) {
      replaceChildren(pager, count > 0 ? `${count} ${count === 1 ? 'row' : 'rows'}` : '');
      return;
    }
    const go = (page) => () => {
      state.page = page;
      draw();
    };
    replaceChildren(
        pager,
        h('button', {type: 'button', disabled: paged.page === 0, onclick: go(paged.page - 1)},
          'Prev'),
        ` page ${paged.page + 1} of ${paged.pages} (${count} rows) `,
        h('button',
          {type: 'button', disabled: paged.page >= paged.pages - 1, onclick: go(paged.page + 1)},
          'Next'));
  }

  function setRows(rows) {
    state.rows = rows;
    draw();
  }

  function setQuery(query) {
    state.query = query;
    if (filter) filter.value = query;
    draw();
  }

  draw();
  return {el, setRows, setQuery};
}

function formatCell(value) {
  return value === undefined || value === null ? '' : String(value);
}
