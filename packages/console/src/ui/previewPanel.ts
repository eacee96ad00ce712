import { formatMetadataPath, type JsonValue } from '@metadata-semantics/core';
import type { JsonChange } from '../editing/diffJson.js';
import type { MetadataPreview, PreviewRefusal } from '../editing/previewMetadataChange.js';
import type { ElementFactory } from './elementFactory.js';

const SHOWN_CHARACTERS = 120;

/** A value on one line, cut when long. */
function inline(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text;
}

function changeItem(h: ElementFactory, change: JsonChange): HTMLLIElement {
  const path = h('code', { class: 'path' }, formatMetadataPath(change.path));
  const tag = h('span', { class: 'tag' }, change.kind);
  if (change.kind === 'added') return h('li', { class: 'added' }, tag, ' ', path, ' ', h('code', null, inline(change.after)));
  if (change.kind === 'deleted') return h('li', { class: 'deleted' }, tag, ' ', path, ' (was ', h('code', null, inline(change.before)), ')');
  return h('li', { class: 'changed' }, tag, ' ', path, ' ', h('code', null, inline(change.before)), ' → ', h('code', null, inline(change.after)));
}

/** A refusal at its path: what the person must mend before anything can be sent. */
export function refusalNote(h: ElementFactory, refusal: PreviewRefusal): HTMLParagraphElement {
  return h(
    'p',
    { class: 'refusal', role: 'alert', 'data-code': refusal.code, 'data-path': formatMetadataPath(refusal.path) },
    'Refused at ',
    h('code', { class: 'path' }, formatMetadataPath(refusal.path) || '/'),
    ` (${refusal.code}): ${refusal.message}`,
  );
}

/**
 * The preview: the refusal at its path, what is added, changed and deleted (a `null` that hits a key shows
 * as its deletion), each written field's size against the limit, and the edited field's result.
 */
export function previewPanel(h: ElementFactory, preview: MetadataPreview, field: string): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (preview.refusal) parts.push(refusalNote(h, preview.refusal));
  if (preview.refusal === undefined || preview.changes.length > 0) {
    parts.push(
      preview.changes.length === 0
        ? h('p', { class: 'changes none' }, 'No change: the result equals what is shown.')
        : h('ul', { class: 'changes' }, preview.changes.map((change) => changeItem(h, change))),
    );
  }
  for (const { field: name, bytes, limit } of preview.sizes) {
    parts.push(
      h(
        'p',
        { class: bytes > limit ? 'size over' : 'size', 'data-size-of': name },
        h('meter', { min: 0, max: limit, value: Math.min(bytes, limit), high: Math.floor(limit * 0.9) }),
        ` ${name}: ${bytes.toLocaleString('en')} of ${limit.toLocaleString('en')} bytes`,
      ),
    );
  }
  const result = preview.result?.[field];
  if (result !== undefined) {
    parts.push(h('details', { class: 'result' }, h('summary', null, `${field} after the change`), h('pre', null, JSON.stringify(result, null, 2))));
  }
  return parts;
}
