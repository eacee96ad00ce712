import {
  MetadataError,
  applyMetadataOperation,
  metadataErrorToClerkError,
  type MetadataFields,
  type MetadataOperationOptions,
} from '@metadata-semantics/core';

/** What the simulated server sends back, before the JSON round trip. */
export type SimulatedResponse =
  | { readonly ok: true; readonly resource: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly body: unknown };

/**
 * A stand-in for Clerk's metadata endpoints: one resource, core's operations,
 * and JSON on both sides of the wire. It applies requests in the order it
 * receives them, which need not be the order the client sent them in.
 */
export class SimulatedServer {
  #state: MetadataFields;
  #version = 0;
  readonly #options: MetadataOperationOptions;
  readonly #versioned: boolean;
  readonly #versionKey: string;

  /** `initial` holds the resource's metadata fields by name; a missing field is `{}`. */
  constructor(initial: Record<string, unknown>, options: MetadataOperationOptions = {}, versioned = true) {
    // The initial state is given, not written: the schemas judge writes only.
    const params = JSON.parse(JSON.stringify(initial)) as object;
    this.#state = applyMetadataOperation({}, { kind: 'replace', params }, { ...options, schemas: undefined });
    this.#options = options;
    this.#versioned = versioned;
    this.#versionKey = options.naming === 'wire' ? 'updated_at' : 'updatedAt';
  }

  /** The stored metadata fields, as JSON would carry them. */
  get state(): MetadataFields {
    return JSON.parse(JSON.stringify(this.#state)) as MetadataFields;
  }

  /** The resource a GET would return, as a JSON text. */
  read(): string {
    return JSON.stringify(this.#resource());
  }

  /** Handles one request body (JSON text of `{ kind, params }`) and returns the response as JSON text. */
  handle(requestBody: string): string {
    const operation = JSON.parse(requestBody) as Parameters<typeof applyMetadataOperation>[1];
    let response: SimulatedResponse;
    try {
      this.#state = applyMetadataOperation(this.#state, operation, this.#options);
      this.#version++;
      response = { ok: true, resource: this.#resource() };
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      response = { ok: false, ...metadataErrorToClerkError(error) };
    }
    return JSON.stringify(response);
  }

  #resource(): Record<string, unknown> {
    const resource: Record<string, unknown> = { id: 'resource_1', ...this.#state };
    if (this.#versioned) resource[this.#versionKey] = this.#version;
    return resource;
  }
}
