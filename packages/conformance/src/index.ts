/**
 * Language-agnostic conformance vectors for Clerk's metadata semantics, their
 * JSON Schema, an in-process runner for JavaScript implementations and an HTTP
 * runner for servers.
 *
 * @packageDocumentation
 */
export type {
  ConformanceCase,
  ConformanceCaseBase,
  ConformanceExpectation,
  ConformanceLimits,
  ConformanceNonJsonValue,
  ConformanceReducerError,
  ConformanceRequest,
  ConformanceResource,
  ConformanceSource,
  DiffConformanceCase,
  MergeConformanceCase,
  MetadataConformanceCase,
  ReplaceConformanceCase,
  WireMetadataFields,
} from './conformanceCase.js';
export { conformanceCasesDirectory, loadConformanceCases } from './loadConformanceCases.js';
export type { LoadConformanceCasesOptions } from './loadConformanceCases.js';
export type {
  ConformanceImplementation,
  ConformanceMetadataOutcome,
  ConformanceMetadataRequest,
} from './conformanceImplementation.js';
export { coreImplementation } from './coreImplementation.js';
export { conformanceSchema } from './conformanceSchema.js';
export type { ConformanceSchema } from './conformanceSchema.js';
export type { ConformanceReport, ConformanceResult } from './conformanceReport.js';
export { runConformance } from './runConformance.js';
export type { RunConformanceOptions } from './runConformance.js';
export { runHttpConformance } from './runHttpConformance.js';
export type { HttpConformanceOptions, HttpConformanceReport, HttpFrontendOptions } from './runHttpConformance.js';
export { runConformanceCli } from './runConformanceCli.js';
export type { ConformanceCliIo } from './runConformanceCli.js';
