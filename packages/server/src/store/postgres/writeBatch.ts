// The writes of one group commit of exclusivePostgresStore, applied to its committed resources in memory before
// the database has them.
import { fieldValues } from '../fieldValues.js';
import { uniqueFieldsOf, type ListFieldTable, type ResourceField } from '../listFields.js';
import { membershipKeyPart } from '../membershipKey.js';
import type { StoredResource } from '../metadataStore.js';
import type { ResourceKind } from '../resourceKind.js';
import type { ResourceIndex } from '../memory/resourceIndex.js';
import type { Owner, ResourceState } from '../memory/resourceWrites.js';
import type { WebhookMessage, WebhookOutboxEntry } from '../../webhooks/webhookOutbox.js';
import { toldMessageRows } from './toldMessages.js';
import { markRow } from './webhookOutboxTable.js';

const idOf = (kind: ResourceKind, key: string): string => `${kind}\u0000${key}`;

/** A resource a batch changed: what it is now (`undefined`: deleted), and the row texts it will write. */
interface Change {
  readonly kind: ResourceKind;
  readonly key: string;
  readonly resource: StoredResource | undefined;
  readonly metadataText?: string;
  /** Only when the attributes or the creation time differ from the committed row's. */
  readonly attributesText?: string;
}

const changeBytes = (change: Change | undefined): number =>
  change === undefined ? 0 : 64 + change.key.length + (change.metadataText?.length ?? 0) + (change.attributesText?.length ?? 0);

/**
 * The writes of one group commit, over the committed resources: what they read and change, before it is
 * written. Writes are applied in steps, one per write, and a step can be undone: a write that would take the
 * batch past its bounds waits for the next one.
 */
export class WriteBatch implements ResourceState {
  /** What changed, by kind and key: the resource now, or `undefined` when deleted. */
  readonly changed = new Map<string, Change>();
  /** The texts of every change, as UTF-16 code units: what bounds the statement. */
  size = 0;
  /** The step under way: what each id it changed was before it. */
  private undo = new Map<string, Change | undefined>();
  /** The webhook messages the writes recorded, each with its outbox sequence, in recording order. */
  readonly messages: WebhookOutboxEntry[] = [];
  /** How many of {@link WriteBatch.messages} the kept steps recorded. */
  private keptMessages = 0;
  /** The delivery states the batch writes to the outbox, by sequence (a later mark of a row replaces an earlier). */
  readonly marks = new Map<number, WebhookOutboxEntry>();

  /** `kind field value` → the keys the batch wrote that value of a unique field to. */
  private readonly uniqueValues = new Map<string, Set<string>>();

  /** @param nextSequence - gives each recorded message its outbox sequence, growing */
  constructor(
    private readonly committed: ResourceIndex,
    private readonly nextSequence: () => number = () => 0,
  ) {}

  /** Records a write's webhook messages, part of its step: pending, due at their recording. */
  recordMessages(messages: readonly WebhookMessage[]): void {
    for (const message of messages) {
      const { id, endpoint, orderKey, type, body, recordedAt } = message;
      // Named, not spread: an entry holds its fields and no others a message object may carry.
      this.messages.push({ id, endpoint, orderKey, type, body, recordedAt, sequence: this.nextSequence(), state: 'pending', attempts: [], nextAttemptAt: recordedAt, since: recordedAt });
      this.size += message.body.length + 128;
    }
  }

  /** Writes an outbox entry's delivery state with the batch. */
  mark(entry: WebhookOutboxEntry): void {
    this.marks.set(entry.sequence, entry);
  }

  /** The message rows the batch inserts into the outbox: a row per line, telling the line's later messages. */
  messageRows(): object[] {
    return toldMessageRows(this.messages);
  }

  /** The mark rows the batch writes to the outbox. */
  markRows(): object[] {
    return [...this.marks.values()].map(markRow);
  }

  get fields(): ListFieldTable {
    return this.committed.fields;
  }

  get(kind: ResourceKind, key: string): StoredResource | undefined {
    const entry = this.changed.get(idOf(kind, key));
    return entry === undefined ? this.committed.get(kind, key) : entry.resource;
  }

  put(resource: StoredResource): void {
    const stored = this.committed.held(resource.kind, resource.key);
    // A metadata change keeps the attributes (the same object): the row's attributes stay as they are.
    const sameAttributes = stored?.attributes === resource.attributes && stored.createdAt === resource.createdAt;
    this.set({
      kind: resource.kind,
      key: resource.key,
      resource,
      metadataText: JSON.stringify(resource.metadata),
      ...(sameAttributes ? {} : { attributesText: JSON.stringify(resource.attributes) }),
    });
    // An undone step may leave a key here: holders() keeps only the keys that still hold the value.
    for (const field of uniqueFieldsOf(this.fields, resource.kind)) {
      for (const value of fieldValues(resource, field, this.fields)) {
        const name = `${resource.kind} ${field} ${value}`;
        this.uniqueValues.set(name, (this.uniqueValues.get(name) ?? new Set()).add(resource.key));
      }
    }
  }

  /** The holders committed or written in the batch that hold the value still. */
  holders(kind: ResourceKind, field: ResourceField, value: string): string[] {
    const keys = new Set([...this.committed.holders(kind, field, value), ...(this.uniqueValues.get(`${kind} ${field} ${value}`) ?? [])]);
    return [...keys].filter((key) => {
      const resource = this.get(kind, key);
      return resource !== undefined && fieldValues(resource, field, this.fields).includes(value);
    });
  }

  remove(kind: ResourceKind, key: string): void {
    this.set({ kind, key, resource: undefined });
  }

  private set(change: Change): void {
    const id = idOf(change.kind, change.key);
    const before = this.changed.get(id);
    if (!this.undo.has(id)) this.undo.set(id, before);
    this.size += changeBytes(change) - changeBytes(before);
    this.changed.set(id, change);
  }

  /** Keeps the step's changes. */
  keepStep(): void {
    this.undo = new Map();
    this.keptMessages = this.messages.length;
  }

  /** Undoes the step's changes. */
  undoStep(): void {
    for (const [id, before] of this.undo) {
      this.size += changeBytes(before) - changeBytes(this.changed.get(id));
      if (before === undefined) this.changed.delete(id);
      else this.changed.set(id, before);
    }
    this.undo = new Map();
    for (const message of this.messages.splice(this.keptMessages)) this.size -= message.body.length + 128;
  }

  memberships(owner: Owner, key: string): string[] {
    const keys = new Set(this.committed.memberships(owner, key));
    for (const entry of this.changed.values()) {
      if (entry.kind === 'organization_membership' && membershipKeyPart(entry.key, owner) === key) keys.add(entry.key);
    }
    return [...keys].filter((membershipKey) => this.get('organization_membership', membershipKey) !== undefined);
  }

  /** The rows the batch writes, each checked against the version this process last wrote. */
  rows(): object[] {
    const rows: object[] = [];
    for (const { kind, key, resource, metadataText, attributesText } of this.changed.values()) {
      const stored = this.committed.held(kind, key);
      if (resource === undefined) {
        if (stored !== undefined) rows.push({ op: 'delete', kind, key, previous: stored.version });
        continue;
      }
      const row = { kind, key, metadata: metadataText, updated_at: resource.updatedAt, version: resource.version };
      if (stored === undefined) {
        rows.push({ op: 'insert', ...row, attributes: attributesText, created_at: resource.createdAt });
      } else if (attributesText === undefined) {
        rows.push({ op: 'update', ...row, previous: stored.version });
      } else {
        rows.push({ op: 'update', ...row, attributes: attributesText, created_at: resource.createdAt, previous: stored.version });
      }
    }
    return rows;
  }

  /** Makes the batch the committed state, once the database has it. */
  commit(): void {
    for (const { kind, key, resource, metadataText } of this.changed.values()) {
      if (resource === undefined) this.committed.remove(kind, key);
      // The text the row was written with: the index holds metadata as JSON text, and need not make it again.
      else this.committed.put(metadataText === undefined ? resource : { ...resource, metadata: metadataText });
    }
  }
}
