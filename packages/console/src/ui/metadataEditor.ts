import { toWireFieldName, type MetadataFieldName, type MetadataFields } from '@metadata-semantics/core';
import { parseEditorText } from '../editing/parseEditorText.js';
import { previewMetadataChange, type MetadataChangeRequest, type MetadataPreview } from '../editing/previewMetadataChange.js';
import type { SaveOutcome } from '../editing/saveMetadataChange.js';
import type { ConsoleLimits } from './consoleContext.js';
import { describeError } from './describeError.js';
import { replaceChildren, type ElementFactory } from './elementFactory.js';
import { previewPanel, refusalNote } from './previewPanel.js';

export interface MetadataEditorOptions {
  readonly fields: readonly MetadataFieldName[];
  readonly modes: readonly ('update' | 'replace')[];
  readonly limits: ConsoleLimits;
  /** What the page shows now: the store's snapshot, which the preview runs on. */
  readonly shown: () => MetadataFields;
  readonly save: (request: MetadataChangeRequest) => Promise<SaveOutcome>;
}

export interface MetadataEditor {
  readonly element: HTMLFormElement;
  /** Runs the preview again, on what is shown now (after a refresh or a save). */
  refresh(): void;
}

const modeLabels = {
  update: 'update (PATCH): deep merge, null deletes',
  replace: 'replace (PUT): the field in full',
} as const;

/** The edit as a request, or the preview of why it cannot be one; `undefined` while the text is empty. */
function previewOf(text: string, field: string, mode: 'update' | 'replace', options: MetadataEditorOptions) {
  if (text.trim() === '') return undefined;
  const parsed = parseEditorText(text, field);
  if ('refusal' in parsed) return { preview: { refusal: parsed.refusal, changes: [], sizes: [] } satisfies MetadataPreview };
  const request: MetadataChangeRequest = { kind: mode, params: { [field]: parsed.value } };
  const preview = previewMetadataChange(options.shown(), request, { fields: options.fields, ...options.limits });
  return { preview, request };
}

/**
 * The editor of one resource's metadata: a field, update or replace, the JSON to send, and the preview
 * core computes of it on every keystroke. Save is offered only for a change core accepts that changes something.
 */
export function metadataEditor(h: ElementFactory, options: MetadataEditorOptions): MetadataEditor {
  const names = options.fields.map(toWireFieldName);
  const field = h('select', { name: 'field' }, names.map((name) => h('option', { value: name }, name)));
  const mode = h('select', { name: 'mode', disabled: options.modes.length < 2 }, options.modes.map((kind) => h('option', { value: kind }, modeLabels[kind])));
  const text = h('textarea', { name: 'text', rows: 10, spellcheck: 'false', 'aria-label': 'JSON to send', value: '{}' });
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit' }, 'Save');
  const status = h('p', { class: 'status', role: 'status' });
  let saving = false;

  const current = () => previewOf(text.value, field.value, mode.value as 'update' | 'replace', options);

  const refresh = (): void => {
    const shown = current();
    replaceChildren(preview, shown === undefined ? h('p', { class: 'changes none' }, 'Write JSON to see what it would change.') : previewPanel(h, shown.preview, field.value));
    save.disabled = saving || shown?.request === undefined || shown.preview.refusal !== undefined || shown.preview.changes.length === 0;
  };

  /** Replace starts from the field's value, to be edited; update from an empty patch. */
  const prefill = (): void => {
    text.value = mode.value === 'replace' ? JSON.stringify(options.shown()[field.value] ?? {}, null, 2) : '{}';
  };

  const report = (outcome: SaveOutcome): void => {
    if (outcome.kind === 'saved') {
      prefill();
      replaceChildren(status, 'Saved.');
    } else if (outcome.kind === 'refused') {
      replaceChildren(status, 'Not sent: ', refusalNote(h, outcome.refusal));
    } else {
      const lines = describeError(outcome.error);
      replaceChildren(status, h('span', { class: 'error', role: 'alert' }, 'The server refused the change; it was rolled back. ', lines.join(' ')));
    }
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const shown = current();
    if (saving || shown === undefined || (shown.request !== undefined && shown.preview.refusal === undefined && shown.preview.changes.length === 0)) return;
    if (shown.request === undefined || shown.preview.refusal !== undefined) {
      // Refused here: nothing is sent.
      report({ kind: 'refused', refusal: shown.preview.refusal! });
      return;
    }
    saving = true;
    replaceChildren(status, 'Saving…');
    refresh();
    const outcome = await options.save(shown.request);
    saving = false;
    report(outcome);
    refresh();
  };

  const element = h(
    'form',
    { class: 'editor', 'aria-label': 'Edit metadata', oninput: refresh, onsubmit: submit },
    h('h2', null, 'Edit metadata'),
    h('p', { class: 'choices' }, h('label', null, 'Field ', field), ' ', h('label', null, 'Operation ', mode)),
    text,
    preview,
    h('p', { class: 'actions' }, save, ' ', status),
  );
  const reprefill = (): void => {
    if (mode.value === 'replace') prefill();
    refresh();
  };
  field.addEventListener('change', reprefill);
  mode.addEventListener('change', () => {
    prefill();
    refresh();
  });
  refresh();
  return { element, refresh };
}
