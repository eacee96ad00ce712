import { isDeepStrictEqual } from 'node:util';
import {
  MetadataError,
  applyMetadataOperation,
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

// Model-based tests of the four laws of the issue: parity, rollback, no loss, stability.
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
}

const scenarios: readonly Scenario[] = [
  {
    name: 'user, a tight size limit, versioned answers out of order',
    options: { maxFieldBytes: 96 },
    versioned: true,
    answersInOrder: false,
    rollback: false,
    longString: 40,
  },
  {
    name: 'user, the default limits, versioned answers out of order, rollback twin',
    options: {},
    versioned: true,
    answersInOrder: false,
    rollback: true,
    longString: 12,
  },
  {
    name: 'organization in wire names, unversioned answers in server order, rollback twin',
    options: { fields: organizationMetadataFields, naming: 'wire' },
    versioned: false,
    answersInOrder: true,
    rollback: true,
    longString: 12,
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
}

type InFlightAnswer = { readonly id: number; readonly text: string } | { readonly id: 'refetch'; readonly text: string };

interface Model {
  readonly scenario: Scenario;
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

const unlimitedOf = (scenario: Scenario): MetadataOperationOptions => ({ ...scenario.options, maxFieldBytes: Infinity });

function expectedView(model: Model, pending = model.pending): MetadataFields {
  return pending.reduce(
    (state, entry) => applyMetadataOperation(state, entry.operation, unlimitedOf(model.scenario)),
    model.confirmed,
  );
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
  const unlimited = unlimitedOf(model.scenario);
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
    let expectedError: MetadataError | undefined;
    try {
      applyMetadataOperation(expectedView(model), normalised, model.scenario.options);
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
        return;
      }
      const id = real.store.apply(this.operation);
      expect(model.pending.some((entry) => entry.id === id)).toBe(false);
      model.pending.push({ id, operation: normalised, lost: this.lost });
      model.requests.push({ id, body: JSON.stringify(this.operation), lost: this.lost });
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
    model.answers.push({ id: request.id, text: real.server.handle(request.body) });
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
      fc.property(initialFields, commandsFor(scenario), fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (initial, commands, drainPicks) => {
        // Arrange: one server, one store on the same initial state (and a twin for rollback)
        const names = (scenario.options.fields ?? userMetadataFields).map((name) =>
          scenario.options.naming === 'wire' ? toWireFieldName(name) : name,
        );
        const server = new SimulatedServer(
          applyMetadataOperation({}, { kind: 'replace', params: pick(initial, names) }, scenario.options),
          scenario.options,
          scenario.versioned,
        );
        const initialResource = JSON.parse(server.read()) as Record<string, unknown>;
        const store = createOptimisticMetadataStore(initialResource, scenario.options);
        const twin = scenario.rollback ? createOptimisticMetadataStore(initialResource, scenario.options) : undefined;
        const real: Real = { store, server, twin, twinIds: new Map(), notifications: 0 };
        store.subscribe(() => real.notifications++);
        const model: Model = {
          scenario,
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

function pick(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (source[name] !== undefined) picked[name] = source[name];
  return picked;
}
