import type { ResourceDescriptor, ResourcePage } from '../resources/resourceDescriptor.js';
import type { ConsoleContext, ConsoleView } from './consoleContext.js';
import { listHref, pageHref } from './consoleRoute.js';
import { describeError } from './describeError.js';
import { replaceChildren } from './elementFactory.js';
import { listControls } from './listControls.js';

/**
 * A list of one kind with the API's searches, filters, order and paging, refreshed by the change feed. Its
 * query lives in the address (replaced, not pushed, as it changes), so a reload or a shared link shows the same list.
 */
export function listView(context: ConsoleContext, descriptor: ResourceDescriptor, initialQuery: URLSearchParams): ConsoleView {
  const { h } = context;
  let query = initialQuery;
  let latest = 0;
  let shown = '';

  const status = h('p', { class: 'status', role: 'status' }, 'Loading…');
  const body = h('tbody');
  const previous = h('button', { type: 'button', disabled: true, onclick: () => turn(-1) }, 'Previous');
  const next = h('button', { type: 'button', disabled: true, onclick: () => turn(1) }, 'Next');
  const controls = listControls(h, descriptor, query, (changed) => show(changed));
  const element = h(
    'section',
    { class: 'list', 'aria-label': descriptor.title },
    h('h1', null, descriptor.title),
    controls,
    status,
    h('table', null, h('thead', null, h('tr', null, descriptor.columns.map((column) => h('th', { scope: 'col' }, column.label)))), body),
    h('div', { class: 'pager' }, previous, next),
  );

  const limitOf = (): number => Number(query.get('limit') || 10);
  const offsetOf = (): number => Number(query.get('offset') || 0);

  function show(changed: URLSearchParams): void {
    query = changed;
    context.replaceAddress(listHref(descriptor, query));
    void refresh();
  }

  function turn(direction: 1 | -1): void {
    const changed = new URLSearchParams(query);
    const offset = Math.max(0, offsetOf() + direction * limitOf());
    if (offset === 0) changed.delete('offset');
    else changed.set('offset', String(offset));
    show(changed);
  }

  function render(page: ResourcePage): void {
    const first = offsetOf();
    replaceChildren(
      status,
      page.items.length === 0 ? `No ${descriptor.noun} here (${page.total} in all).` : `${first + 1}–${first + page.items.length} of ${page.total}`,
    );
    previous.disabled = first === 0;
    next.disabled = first + page.items.length >= page.total;
    replaceChildren(
      body,
      page.items.map((resource) =>
        h(
          'tr',
          null,
          descriptor.columns.map((column, index) => {
            const cell = column.cell(resource);
            return h('td', null, index === 0 ? h('a', { href: pageHref(descriptor, descriptor.idsOf(resource)) }, cell || '(none)') : cell);
          }),
        ),
      ),
    );
  }

  async function refresh(): Promise<void> {
    const asked = ++latest;
    const askedQuery = query.toString();
    try {
      const page = await descriptor.fetchPage(context.api, query);
      // An answer to an older query, or the same page again: nothing to draw.
      const text = askedQuery + JSON.stringify(page);
      if (asked !== latest || text === shown) return;
      shown = text;
      render(page);
    } catch (error) {
      if (asked !== latest) return;
      shown = '';
      replaceChildren(body);
      replaceChildren(status, h('span', { class: 'error', role: 'alert' }, describeError(error).join(' ')));
    }
  }

  void refresh();
  const stop = context.feed.watch({ kind: descriptor.kind }, refresh);
  return { element, dispose: stop };
}
