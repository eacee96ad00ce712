import type { ResourceDescriptor } from '../resources/resourceDescriptor.js';
import type { ElementFactory } from './elementFactory.js';

const PAGE_SIZES = [10, 25, 50, 100];

/** The order `order_by` holds (`-field` descending, `field` or `+field` ascending); default newest first. */
function orderOf(descriptor: ResourceDescriptor, query: URLSearchParams): { field: string; descending: boolean } {
  const text = query.get('order_by') ?? '';
  const field = text.replace(/^[-+]/, '');
  return descriptor.orders.includes(field) ? { field, descending: text.startsWith('-') } : { field: descriptor.orders[0]!, descending: true };
}

/**
 * The list's form, filled from `query`: a search box and what it searches, the exact filters (a
 * comma-separated list of values each), the order and the page size. Every change calls `onChange` with
 * the API's query for the first page.
 */
export function listControls(
  h: ElementFactory,
  descriptor: ResourceDescriptor,
  query: URLSearchParams,
  onChange: (query: URLSearchParams) => void,
): HTMLFormElement {
  const searched = descriptor.searches.find(({ param }) => query.has(param)) ?? descriptor.searches[0];
  const searchIn = h(
    'select',
    { name: 'search_in', 'aria-label': 'Search in', value: searched?.param },
    descriptor.searches.map(({ param, label }) => h('option', { value: param }, label)),
  );
  const search = h('input', { type: 'search', name: 'search', placeholder: 'Search', value: searched ? (query.get(searched.param) ?? '') : '' });
  const filters = descriptor.filters.map(({ param, label }) => ({
    param,
    input: h('input', { type: 'text', name: param, value: query.getAll(param).join(', '), 'aria-label': label }),
    label,
  }));
  const order = orderOf(descriptor, query);
  const orderField = h(
    'select',
    { name: 'order_by', 'aria-label': 'Order by', value: order.field },
    descriptor.orders.map((field) => h('option', { value: field }, field.replaceAll('_', ' '))),
  );
  const direction = h(
    'select',
    { name: 'direction', 'aria-label': 'Direction', value: order.descending ? 'desc' : 'asc' },
    h('option', { value: 'desc' }, 'descending'),
    h('option', { value: 'asc' }, 'ascending'),
  );
  const limit = h(
    'select',
    { name: 'limit', 'aria-label': 'Page size', value: PAGE_SIZES.includes(Number(query.get('limit'))) ? query.get('limit') : '10' },
    PAGE_SIZES.map((size) => h('option', { value: String(size) }, `${size} a page`)),
  );

  const read = (): URLSearchParams => {
    const next = new URLSearchParams();
    if (search.value.trim() !== '') next.set(searchIn.value, search.value.trim());
    for (const { param, input } of filters) {
      for (const value of input.value.split(/[\s,]+/)) if (value !== '') next.append(param, value);
    }
    const isDefaultOrder = orderField.value === descriptor.orders[0] && direction.value === 'desc';
    if (!isDefaultOrder) next.set('order_by', `${direction.value === 'desc' ? '-' : ''}${orderField.value}`);
    if (limit.value !== '10') next.set('limit', limit.value);
    return next;
  };
  // A select fires both input and change: one query, one call.
  let last = read().toString();
  const changed = (): void => {
    const next = read();
    if (next.toString() === last) return;
    last = next.toString();
    onChange(next);
  };

  return h(
    'form',
    { class: 'controls', role: 'search', oninput: changed, onchange: changed, onsubmit: (event: Event) => event.preventDefault() },
    descriptor.searches.length === 0 ? null : h('span', { class: 'search' }, search, descriptor.searches.length > 1 ? [' in ', searchIn] : null),
    filters.length === 0
      ? null
      : h(
          'details',
          { class: 'filters', open: descriptor.searches.length === 0 || filters.some(({ input }) => input.value !== '') },
          h('summary', null, 'Filters'),
          filters.map(({ input, label }) => h('label', null, label, ' ', input)),
        ),
    h('span', { class: 'order' }, 'Order by ', orderField, ' ', direction, ' ', limit),
  );
}
