import { toWireFieldName, type MetadataFields } from '@metadata-semantics/core';
import { createOptimisticMetadataStore } from '@metadata-semantics/optimistic';
import { ConsoleApiError } from '../api/consoleApiError.js';
import { saveMetadataChange, type WireMetadataStore } from '../editing/saveMetadataChange.js';
import type { ApiResource, ResourceDescriptor } from '../resources/resourceDescriptor.js';
import type { ConsoleContext, ConsoleView } from './consoleContext.js';
import { listHref } from './consoleRoute.js';
import { describeError } from './describeError.js';
import { replaceChildren } from './elementFactory.js';
import { metadataEditor } from './metadataEditor.js';

/**
 * One resource's page: its facts, its metadata fields as formatted JSON (what the optimistic store shows:
 * a save appears at once and is rolled back if refused), and the editor. Refreshed by the change feed.
 */
export function resourcePageView(context: ConsoleContext, descriptor: ResourceDescriptor, ids: readonly string[]): ConsoleView {
  const { h } = context;
  const heading = h('h1', null, ids.join(' · '));
  const notice = h('div', { class: 'notice' });
  const facts = h('dl', { class: 'facts' });
  const fields = h('div', { class: 'fields' });
  const editorSlot = h('div');
  const element = h(
    'section',
    { class: 'page', 'aria-label': `${descriptor.noun} ${ids.join(' ')}` },
    h('p', null, h('a', { href: listHref(descriptor, new URLSearchParams()) }, `← ${descriptor.title}`)),
    heading,
    notice,
    facts,
    h('p', { class: 'related' }, descriptor.related(ids).map(({ label, href }) => [h('a', { href }, label), ' '])),
    fields,
    editorSlot,
  );
  const names = descriptor.fields.map(toWireFieldName);
  let store: WireMetadataStore | undefined;
  let refreshEditor = (): void => undefined;
  let disposed = false;

  const showResource = (resource: ApiResource): void => {
    replaceChildren(heading, descriptor.heading(resource));
    replaceChildren(facts, descriptor.facts(resource).filter(([, value]) => value !== '').map(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
  };

  const showFields = (shown: MetadataFields): void => {
    replaceChildren(
      fields,
      names.map((name) => h('section', { class: 'field', 'data-field': name }, h('h2', null, name), h('pre', null, JSON.stringify(shown[name], null, 2)))),
    );
    refreshEditor();
  };

  const showError = (error: unknown): void => {
    const gone = error instanceof ConsoleApiError && error.status === 404;
    replaceChildren(
      notice,
      h(
        'p',
        { class: 'error', role: 'alert' },
        gone ? `This ${descriptor.noun} was not found: it does not exist, or was deleted. ` : 'Could not read it: ',
        describeError(error).join(' '),
      ),
    );
  };

  const open = (resource: ApiResource): void => {
    const opened = createOptimisticMetadataStore(resource, { naming: 'wire', fields: descriptor.fields, ...context.limits }) as WireMetadataStore;
    store = opened;
    const editor = metadataEditor(h, {
      fields: descriptor.fields,
      modes: descriptor.modes,
      limits: context.limits,
      shown: () => opened.getSnapshot(),
      save: (request) =>
        saveMetadataChange(opened, request, (sent) =>
          context.api.send<ApiResource>(sent.kind === 'update' ? 'PATCH' : 'PUT', descriptor.metadataPath(ids), sent.params).then((answer) => {
            if (!disposed) showResource(answer);
            return answer;
          }),
        ),
    });
    refreshEditor = editor.refresh;
    replaceChildren(editorSlot, editor.element);
    opened.subscribe(() => showFields(opened.getSnapshot()));
    showFields(opened.getSnapshot());
  };

  const refresh = async (): Promise<void> => {
    try {
      const resource = await descriptor.load(context.api, ids);
      if (disposed) return;
      replaceChildren(notice);
      showResource(resource);
      if (store === undefined) open(resource);
      else store.receive(resource);
    } catch (error) {
      if (disposed) return;
      showError(error);
      // Gone for good (ids are never reused): no more asking.
      if (error instanceof ConsoleApiError && error.status === 404) stop();
    }
  };

  let stop = (): void => undefined;
  void refresh();
  stop = context.feed.watch({ kind: descriptor.kind, id: ids.join('/') }, refresh);
  return {
    element,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
