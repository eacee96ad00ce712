/**
 * A validator that implements Standard Schema v1 (https://standardschema.dev):
 * the `~standard` interface of zod, valibot, arktype and others.
 *
 * @remarks
 * Declared here, as the Standard Schema spec intends, so that core depends on no
 * package: any object with this shape is accepted. Metadata operations call
 * `validate` synchronously; see {@link MetadataSchemas}.
 *
 * @public
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

/**
 * The types of the Standard Schema v1 interface.
 *
 * @public
 */
export declare namespace StandardSchemaV1 {
  /** The properties of a Standard Schema. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version of the interface: 1. */
    readonly version: 1;
    /** The library that made the schema, e.g. `zod`. */
    readonly vendor: string;
    /** Validates a value: a result, or a promise of one for an asynchronous schema. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    /** The input and output types, for type inference only (never present at run time). */
    readonly types?: Types<Input, Output> | undefined;
  }

  /** What `validate` returns. */
  export type Result<Output> = SuccessResult<Output> | FailureResult;

  /** A value the schema accepts, and its output (defaults applied, transforms run). */
  export interface SuccessResult<Output> {
    /** The output value. */
    readonly value: Output;
    /** Absent on success. */
    readonly issues?: undefined;
  }

  /** A value the schema refuses. */
  export interface FailureResult {
    /** Why: one issue per problem. */
    readonly issues: ReadonlyArray<Issue>;
  }

  /** One problem with a value. */
  export interface Issue {
    /** A sentence for people. */
    readonly message: string;
    /** Where the problem is inside the value, when not at its root. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }

  /** One step of an issue's path, as an object. */
  export interface PathSegment {
    /** The key or index. */
    readonly key: PropertyKey;
  }

  /** The input and output types of a schema. */
  export interface Types<Input = unknown, Output = Input> {
    /** The type of the values the schema accepts. */
    readonly input: Input;
    /** The type of its output. */
    readonly output: Output;
  }

  /** The input type of a schema. */
  export type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input'];

  /** The output type of a schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output'];
}
