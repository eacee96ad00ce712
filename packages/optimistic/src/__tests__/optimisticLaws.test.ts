import { isDeepStrictEqual } from 'node:util';
import {
  MetadataError,
  applyMetadataOperation,
  formatMetadataPath,
  organizationMetadataFields,
  toWireFieldName,
  userMetadataFields,
  type MetadataFields,
  type MetadataOperation,
  type MetadataOperationOptions,
} from '@metadata-semantics/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOptimisticMetadataStore, type OptimisticMetadataStore } from '../index.js';
import { SimulatedServer, type SimulatedResponse } from './support/simulatedServer.js';
// The test kit's grammar of random schemas, built with each real validator.
import { buildSchema, schemaShapeArbitrary, validatorNames } from '@metadata-semantics/test-kit/schemaGrammar';

// Model-based tests of the four laws of the issue: parity, rollback, no loss, stability; with
// random schemas, parity also of refusals: where the server applies an operation to the state
// the client applied it to, both accept it with the same result or both refuse it alike.
// The model keeps its own queue and normalises with a JSON round trip (not toJsonValue);
// the server is SimulatedServer: core operations behind JSON, applying requests in the
// order it receives them. Deliveries and answers are picked at random from what is in flight.

const numRuns = Number(process.env.FC_NUM_RUNS ?? 100);
// FC_SEED fixes the inputs, so that a mutation run kills the same mutants every time.
if (process.env.FC_SEED !== undefined) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });
// A run takes a few milliseconds; deep runs (FC_NUM_RUNS) get time in proportion.
const timeout = Math.max(120_000, numRuns * 60);

interface Scenario {
  readonly name: string;
  readonly options: MetadataOperationOptions;
  /** Whether the server's resources carry a version (updatedAt / updated_at). */
  readonly versioned: boolean;
  /** Whether answers reach the client in the order the server produced them. */
  readonly answersInOrder: boolean;
  /** Whether to run the rollback twin (needs limits no generated sequence can reach). */
  readonly rollback: boolean;
  /** Length of the long strings generated, to reach the size limit or not. */
  readonly longString: number;
  /** Whether each run draws a schema for public metadata (and a validator to build it with). */
  readonly schemas: boolean;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'user, a tight size limit, versioned answers out of order',
    options: { maxFieldBytes: 96 },
    versioned: true,
    answersInOrder: false,
    rollback: false,
    longString: 40,
    schemas: false,
  },
  {
    name: 'user, the default limits, versioned answers out of order, rollback twin',
    options: {},
    versioned: true,
    answersInOrder: false,
    rollback: true,
    longString: 12,
    schemas: false,
  },
  {
    name: 'organization in wire names, unversioned answers in server order, rollback twin',
    options: { fields: organizationMetadataFields, naming: 'wire' },
    versioned: false,
    answersInOrder: true,
    rollback: true,
    longString: 12,
    schemas: false,
  },
  {
    // The twin, which lacks the lost operations, may refuse what the store accepted: no rollback twin.
    name: 'user, a random schema of public metadata (zod, valibot or arktype), versioned answers out of order',
    options: {},
    versioned: true,
    answersInOrder: false,
    rollback: false,
    longString: 2,
    schemas: true,
  },
];

// ---- operations ----

const key = fc.constantFrom('a', 'b', 'c');

function operationArbitrary(scenario: Scenario): fc.Arbitrary<MetadataOperation> {
  const leaf = fc.oneof(
    fc.integer({ min: -2, max: 2 }),
    fc.constantFrom('x', 'y', ''),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(Number.NaN),
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
    fc.string({ minLength: scenario.longString, maxLength: scenario.longString }),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 2 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  }));
  const field = fc.oneof(
    { weight: 20, arbitrary: fc.dictionary(key, value, { maxKeys: 3 }) },
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    // invalid: a field that is neither an object nor null
    { weight: 1, arbitrary: fc.constantFrom<unknown>('text', 3, [1]) },
  );
  const fieldNames = (scenario.options.fields ?? userMetadataFields).map((name) =>
    scenario.options.naming === 'wire' ? toWireFieldName(name) : name,
  );
  const names = [...fieldNames, 'bogusMetadata'];
  const absent = fc.constant('absent' as const);
  const params = fc
    .tuple(
      ...names.map((name) =>
        name === 'bogusMetadata'
          ? fc.oneof({ weight: 40, arbitrary: absent }, { weight: 1, arbitrary: field })
          : fc.oneof({ weight: 2, arbitrary: absent }, { weight: 3, arbitrary: field }),
      ),
    )
    .map((values) => {
      const built: Record<string, unknown> = {};
      values.forEach((fieldValue, index) => {
        if (fieldValue !== 'absent') built[names[index]!] = fieldValue;
      });
      return built;
    });
  return fc.record({ kind: fc.constantFrom('update' as const, 'replace' as const), params });
}

// ---- the world: model (reference) and real system ----

interface ModelPending {
  readonly id: number;
  readonly operation: MetadataOperation;
  readonly lost: boolean;
}

interface InFlightRequest {
  readonly id: number;
  readonly body: string;
  readonly lost: boolean;
  /** The view the client applied the operation to, and the view that gave. */
  readonly appliedTo: MetadataFields;
  readonly applied: MetadataFields;
}

type InFlightAnswer = { readonly id: number; readonly text: string } | { readonly id: 'refetch'; readonly text: string };

interface Model {
  readonly scenario: Scenario;
  /** The run's options: the scenario's, with the run's schemas. */
  readonly options: MetadataOperationOptions;
  readonly names: readonly string[];
  confirmed: MetadataFields;
  confirmedVersion: number | undefined;
  pending: ModelPending[];
  requests: InFlightRequest[];
  answers: InFlightAnswer[];
}

interface Real {
  readonly store: OptimisticMetadataStore;
  readonly server: SimulatedServer;
  readonly twin: OptimisticMetadataStore | undefined;
  /** main store id -> twin id, for operations the twin also applied */
  readonly twinIds: Map<number, number>;
  notifications: number;
}

// Replays skip the limits and the schemas: the server decides.
const unlimitedOf = (model: Model): MetadataOperationOptions => ({ ...model.options, maxFieldBytes: Infinity, schemas: undefined });

function expectedView(model: Model, pending = model.pending): MetadataFields {
  return pending.reduce((state, entry) => applyMetadataOperation(state, entry.operation, unlimitedOf(model)), model.confirmed);
}

function versionOf(resource: Record<string, unknown>): number | undefined {
  const version = resource['updatedAt'] ?? resource['updated_at'];
  return typeof version === 'number' ? version : undefined;
}

function adoptInModel(model: Model, resource: Record<string, unknown>): void {
  const version = versionOf(resource);
  if (version !== undefined && model.confirmedVersion !== undefined && version < model.confirmedVersion) return;
  const fields: MetadataFields = {};
  for (const name of model.names) fields[name] = resource[name] === undefined ? {} : (resource[name] as MetadataFields[string]);
  model.confirmed = fields;
  model.confirmedVersion = version;
}

/** Runs one step on the real system and checks stability around it. */
function step(model: Model, real: Real, act: () => void): void {
  const before = real.store.getSnapshot();
  const notificationsBefore = real.notifications;
  act();
  const after = real.store.getSnapshot();
  const fired = real.notifications - notificationsBefore;
  // stability: the snapshot changes exactly when the view changes, and listeners fire exactly then
  if (isDeepStrictEqual(before, after)) {
    expect(after).toBe(before);
    expect(fired).toBe(0);
  } else {
    expect(after).not.toBe(before);
    expect(fired).toBe(1);
    for (const name of model.names) {
      if (isDeepStrictEqual(before[name], after[name])) expect(after[name]).toBe(before[name]);
    }
  }
  expect(real.store.getSnapshot()).toBe(after);
  checkInvariants(model, real);
}

function checkInvariants(model: Model, real: Real): void {
  const view = real.store.getSnapshot();
  // no loss, exactly: the view is the confirmed state with every pending operation replayed
  expect(view).toStrictEqual(expectedView(model));
  // no loss, effect by effect: replaying any suffix of the queue on the view changes nothing,
  // so each pending operation's effect is visible wherever later ones do not override it
  const unlimited = unlimitedOf(model);
  for (let from = 0; from < model.pending.length; from++) {
    const replayed = model.pending
      .slice(from)
      .reduce((state, entry) => applyMetadataOperation(state, entry.operation, unlimited), view);
    expect(replayed).toStrictEqual(view);
  }
  // rollback: with every lost (failing) operation gone, the twin that never applied them agrees
  if (real.twin !== undefined && !model.pending.some((entry) => entry.lost)) {
    expect(real.twin.getSnapshot()).toStrictEqual(view);
  }
}

// ---- commands ----

class ApplyCommand implements fc.Command<Model, Real> {
  constructor(
    readonly operation: MetadataOperation,
    readonly lost: boolean,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const normalised = JSON.parse(JSON.stringify(this.operation)) as MetadataOperation;
    const appliedTo = expectedView(model);
    let expectedError: MetadataError | undefined;
    try {
      applyMetadataOperation(appliedTo, normalised, model.options);
    } catch (error) {
      expectedError = error as MetadataError;
    }
    step(model, real, () => {
      if (expectedError !== undefined) {
        // an invalid operation throws core's typed error and changes nothing
        let thrown: unknown;
        try {
          real.store.apply(this.operation);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(MetadataError);
        expect((thrown as MetadataError).code).toBe(expectedError.code);
        expect((thrown as MetadataError).path).toStrictEqual(expectedError.path);
        if (isDeepStrictEqual(appliedTo, real.server.state)) expectServerRefuses(real.server, this.operation, thrown as MetadataError);
        return;
      }
      const id = real.store.apply(this.operation);
      expect(model.pending.some((entry) => entry.id === id)).toBe(false);
      model.pending.push({ id, operation: normalised, lost: this.lost });
      const applied = real.store.getSnapshot();
      model.requests.push({ id, body: JSON.stringify(this.operation), lost: this.lost, appliedTo, applied });
      if (real.twin !== undefined && !this.lost) real.twinIds.set(id, real.twin.apply(this.operation));
    });
  }
  toString = (): string => `apply(${JSON.stringify(this.operation)}${this.lost ? ', lost' : ''})`;
}

/** The server receives one of the requests in flight (not necessarily the oldest). */
class DeliverCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.requests.some((request) => !request.lost);
  run(model: Model, real: Real): void {
    const deliverable = model.requests.filter((request) => !request.lost);
    const request = deliverable[this.pick % deliverable.length]!;
    model.requests = model.requests.filter((entry) => entry !== request);
    const sameState = isDeepStrictEqual(request.appliedTo, real.server.state);
    const text = real.server.handle(request.body);
    // parity: on the state the client applied it to, the server accepts it too, with the same result
    if (sameState) {
      expect((JSON.parse(text) as SimulatedResponse).ok).toBe(true);
      expect(real.server.state).toStrictEqual(request.applied);
    }
    model.answers.push({ id: request.id, text });
    checkInvariants(model, real);
  }
  toString = (): string => `deliver(${this.pick})`;
}

/** A lost request: the client sees a network error and fails the operation. */
class LoseCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.requests.some((request) => request.lost);
  run(model: Model, real: Real): void {
    const lost = model.requests.filter((request) => request.lost);
    const request = lost[this.pick % lost.length]!;
    model.requests = model.requests.filter((entry) => entry !== request);
    model.pending = model.pending.filter((entry) => entry.id !== request.id);
    step(model, real, () => {
      expect(real.store.fail(request.id)).toBe(true);
    });
  }
  toString = (): string => `lose(${this.pick})`;
}

/** The client reads the server (a refetch); its answer travels like the others. */
class RefetchCommand implements fc.Command<Model, Real> {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    model.answers.push({ id: 'refetch', text: real.server.read() });
    checkInvariants(model, real);
  }
  toString = (): string => 'refetch';
}

/** One answer reaches the client: in any order, or the oldest first when the scenario says so. */
class AnswerCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.answers.length > 0;
  run(model: Model, real: Real): void {
    const index = model.scenario.answersInOrder ? 0 : this.pick % model.answers.length;
    const answer = model.answers[index]!;
    model.answers = model.answers.filter((_, position) => position !== index);
    deliverAnswer(model, real, answer);
  }
  toString = (): string => `answer(${this.pick})`;
}

/** A refusal on the client is one on the server: sent to the server, in the same state, it is refused alike and changes nothing. */
function expectServerRefuses(server: SimulatedServer, operation: MetadataOperation, refusal: MetadataError): void {
  const before = server.read();
  const response = JSON.parse(server.handle(JSON.stringify(operation))) as SimulatedResponse;
  expect(response.ok).toBe(false);
  const errors = (response as { body: { errors: { code: string; meta: { path: string } }[] } }).body.errors;
  expect([errors[0]!.code, errors[0]!.meta.path]).toStrictEqual([refusal.code, formatMetadataPath(refusal.path)]);
  expect(server.read()).toBe(before);
}

function deliverAnswer(model: Model, real: Real, answer: InFlightAnswer): void {
  if (answer.id === 'refetch') {
    const resource = JSON.parse(answer.text) as Record<string, unknown>;
    adoptInModel(model, resource);
    step(model, real, () => {
      real.store.receive(resource);
      real.twin?.receive(resource);
    });
    return;
  }
  const id = answer.id;
  const response = JSON.parse(answer.text) as SimulatedResponse;
  model.pending = model.pending.filter((entry) => entry.id !== id);
  const twinId = real.twinIds.get(id);
  if (response.ok) {
    adoptInModel(model, response.resource);
    step(model, real, () => {
      expect(real.store.settle(id, response.resource)).toBe(true);
      if (twinId !== undefined) expect(real.twin!.settle(twinId, response.resource)).toBe(true);
    });
  } else {
    expect(response.status).toBe(422);
    step(model, real, () => {
      expect(real.store.fail(id)).toBe(true);
      if (twinId !== undefined) expect(real.twin!.fail(twinId)).toBe(true);
    });
  }
  // an id that is no longer pending is a no-op
  step(model, real, () => expect(real.store.fail(id)).toBe(false));
}

// ---- the property ----

function commandsFor(scenario: Scenario): fc.Arbitrary<Iterable<fc.Command<Model, Real>>> {
  return fc.commands(
    [
      fc.tuple(operationArbitrary(scenario), fc.boolean()).map(([operation, lost]) => new ApplyCommand(operation, lost)),
      fc.tuple(operationArbitrary(scenario), fc.constant(false)).map(([operation, lost]) => new ApplyCommand(operation, lost)),
      fc.tuple(operationArbitrary(scenario), fc.constant(false)).map(([operation, lost]) => new ApplyCommand(operation, lost)),
      fc.nat().map((pick) => new DeliverCommand(pick)),
      fc.nat().map((pick) => new DeliverCommand(pick)),
      fc.nat().map((pick) => new AnswerCommand(pick)),
      fc.nat().map((pick) => new AnswerCommand(pick)),
      fc.nat().map((pick) => new LoseCommand(pick)),
      fc.constant(new RefetchCommand()),
    ],
    { maxCommands: 60, size: '+1' },
  );
}

const initialFields = fc.constantFrom<Record<string, unknown>>(
  {},
  { publicMetadata: { a: 1, b: { c: 'x' } }, privateMetadata: { a: [1, 2] }, unsafeMetadata: { c: true } },
  { public_metadata: { a: { b: null } }, private_metadata: null },
);

describe.each(scenarios)('laws: $name', (scenario) => {
  it('keep parity, rollback, no loss and stability over random runs, and end where the server ends', () => {
    fc.assert(
      fc.property(initialFields, commandsFor(scenario), fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), schemasFor(scenario), (initial, commands, drainPicks, schemas) => {
        // Arrange: one server, one store on the same initial state (and a twin for rollback), with the run's schemas
        const options: MetadataOperationOptions = { ...scenario.options, schemas };
        const names = (scenario.options.fields ?? userMetadataFields).map((name) =>
          scenario.options.naming === 'wire' ? toWireFieldName(name) : name,
        );
        const server = new SimulatedServer(
          applyMetadataOperation({}, { kind: 'replace', params: pick(initial, names) }, scenario.options),
          options,
          scenario.versioned,
        );
        const initialResource = JSON.parse(server.read()) as Record<string, unknown>;
        const store = createOptimisticMetadataStore(initialResource, options);
        const twin = scenario.rollback ? createOptimisticMetadataStore(initialResource, options) : undefined;
        const real: Real = { store, server, twin, twinIds: new Map(), notifications: 0 };
        store.subscribe(() => real.notifications++);
        const model: Model = {
          scenario,
          options,
          names,
          confirmed: server.state,
          confirmedVersion: versionOf(initialResource),
          pending: [],
          requests: [],
          answers: [],
        };

        // Act: the random run, then everything in flight arrives, still in a random order
        fc.modelRun(() => ({ model, real }), commands);
        let turn = 0;
        const nextPick = (): number => drainPicks[turn++ % drainPicks.length]! + turn;
        while (model.requests.length > 0 || model.answers.length > 0) {
          const choices: fc.Command<Model, Real>[] = [
            new DeliverCommand(nextPick()),
            new LoseCommand(nextPick()),
            new AnswerCommand(nextPick()),
          ].filter((command) => command.check(model));
          choices[nextPick() % choices.length]!.run(model, real);
        }

        // Assert: parity, once every operation settled or failed
        expect(model.pending).toStrictEqual([]);
        expect(store.getSnapshot()).toStrictEqual(server.state);
        if (twin !== undefined) expect(twin.getSnapshot()).toStrictEqual(server.state);
      }),
      { numRuns },
    );
  }, timeout);
});

/** The run's schemas: none, or one drawn from the grammar for public metadata, built with one validator. */
function schemasFor(scenario: Scenario): fc.Arbitrary<MetadataOperationOptions['schemas']> {
  if (!scenario.schemas) return fc.constant(undefined);
  return fc
    .tuple(schemaShapeArbitrary, fc.constantFrom(...validatorNames))
    .map(([shape, validator]) => ({ publicMetadata: buildSchema(validator, shape) }));
}

function pick(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined) picked[name] = source[name];
  return picked;
}
