import {
  createMergePatch,
  deepMergeWithNullDeletion,
  replaceFields,
  type JsonObject,
  type JsonValue,
} from '@metadata-semantics/core';
import { describe, expect, test } from 'vitest';
import {
  coreImplementation,
  loadConformanceCases,
  runConformance,
  type ConformanceImplementation,
  type ConformanceMetadataOutcome,
} from '../index.js';

const cases = loadConformanceCases();
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const failedIds = (report: { results: readonly { id: string; outcome: string }[] }) =>
  report.results.filter((r) => r.outcome === 'failed').map((r) => r.id);

describe('every case against the core', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, testCase) => {
    // Act
    const report = await runConformance(coreImplementation, { cases: [testCase] });

    // Assert: raw HTTP bodies cannot run in process; everything else passes.
    const result = report.results[0]!;
    if ('request' in testCase && testCase.request.rawBody !== undefined) {
      expect(result).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/HTTP/) });
    } else {
      expect(result.message).toBeUndefined();
      expect(result.outcome).toBe('passed');
    }
  });
});

describe('runConformance', () => {
  test('reports counts that add up, in case order', async () => {
    // Act
    const report = await runConformance(coreImplementation, { filter: ['http', 'merge'] });

    // Assert
    expect(report.results.map((r) => r.id)).toEqual(
      cases.filter((c) => c.id.startsWith('http/') || c.id.startsWith('merge/')).map((c) => c.id),
    );
    expect(report.passed + report.failed + report.skipped).toBe(report.results.length);
    expect(report.failed).toBe(0);
    expect(report.skipped).toBe(cases.filter((c) => c.id.startsWith('http/')).length);
  });

  test("the core's reducers plug in as they are", async () => {
    // Act
    const report = await runConformance({ merge: deepMergeWithNullDeletion, replace: replaceFields }, { filter: ['merge', 'replace', 'keys'] });

    // Assert: the keys topic's metadata cases need a metadata operation.
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(90);
    expect(report.results.filter((r) => r.outcome === 'skipped').every((r) => r.id.startsWith('keys/'))).toBe(true);
  });

  test('calls the operations as methods of the implementation', async () => {
    // Arrange
    class CountingMerge {
      calls = 0;
      merge(target: JsonValue, patch: JsonValue): unknown {
        this.calls++;
        return deepMergeWithNullDeletion(target, patch);
      }
    }
    const implementation = new CountingMerge();

    // Act
    const report = await runConformance(implementation, { filter: 'merge' });

    // Assert
    expect(report.failed).toBe(0);
    expect(implementation.calls).toBe(report.passed);
  });

  test('a merge that stores nulls instead of deleting fails the deletion cases and only those', async () => {
    // Arrange: a recursive merge that forgets the null rule.
    const storesNulls = (target: unknown, patch: unknown): unknown => {
      if (!isObject(patch)) return patch;
      const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
      for (const key of Object.keys(patch)) result[key] = storesNulls(result[key], patch[key]);
      return result;
    };

    // Act
    const report = await runConformance({ merge: storesNulls }, { filter: 'merge' });

    // Assert
    const failed = failedIds(report);
    expect(failed).toContain('merge/rfc7396-a03');
    expect(failed).toContain('merge/delete-nested-key');
    expect(failed).toContain('merge/stray-null-under-new-object');
    expect(failed).not.toContain('merge/rfc7396-a01');
    expect(report.passed).toBeGreaterThan(0);
    expect(report.results.find((r) => r.id === 'merge/rfc7396-a03')?.message).toMatch(/\/a: unexpected key/);
  });

  test('a merge that mutates its target fails, even when its result is right', async () => {
    // Arrange
    const mutating: ConformanceImplementation = {
      merge: (target, patch) => {
        const result = deepMergeWithNullDeletion(target, patch);
        if (isObject(target)) Object.assign(target, { touched: true });
        return result;
      },
    };

    // Act
    const report = await runConformance(mutating, { filter: 'merge/rfc7396-a01' });

    // Assert
    expect(report.failed).toBe(1);
    expect(report.results[0]!.message).toMatch(/TypeError/);
  });

  test('a merge whose result shares an object with the patch fails', async () => {
    // Arrange: returns the patch's own array instead of a copy.
    const aliasing: ConformanceImplementation = {
      merge: (target, patch) => {
        const result = deepMergeWithNullDeletion(target, patch) as Record<string, unknown>;
        return isObject(patch) && Array.isArray(patch['a']) ? { ...result, a: patch['a'] } : result;
      },
    };

    // Act
    const report = await runConformance(aliasing, { filter: 'merge/rfc7396-a06' });

    // Assert
    expect(report.results[0]).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/shares an object with the patch at \/a/) });
  });

  test('a merge that pollutes Object.prototype fails', async () => {
    // Arrange: assigning "__proto__" through the setter, the classic bug.
    const polluting: ConformanceImplementation = {
      merge: (target, patch) => {
        const result = deepMergeWithNullDeletion(target, patch);
        if (isObject(patch) && Object.hasOwn(patch, '__proto__')) {
          (Object.prototype as Record<string, unknown>)['conformancePolluted'] = true;
        }
        return result;
      },
    };
    try {
      // Act
      const report = await runConformance(polluting, { filter: 'keys/merge-proto-key-added' });

      // Assert
      expect(report.results[0]).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/prototype pollution/) });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['conformancePolluted'];
    }
  });

  test('a replace that merges fails the replace cases that drop nested keys', async () => {
    // Arrange
    const merging: ConformanceImplementation = {
      replace: (stored, provided) => {
        if (!isObject(provided)) return replaceFields(stored, provided as unknown as JsonObject);
        const result: JsonObject = { ...stored };
        for (const key of Object.keys(provided)) result[key] = deepMergeWithNullDeletion(stored[key], provided[key] as JsonValue);
        return result;
      },
    };

    // Act
    const report = await runConformance(merging, { filter: 'replace' });

    // Assert
    expect(failedIds(report)).toEqual(expect.arrayContaining(['replace/clerk-role-admin', 'replace/nested-keys-dropped']));
    expect(failedIds(report)).not.toContain('replace/new-field');
  });

  test('a size limit counted in UTF-16 code units instead of UTF-8 bytes fails the multi-byte cases only', async () => {
    // Arrange: the core, but a PUT it rejects as too large is accepted when the JSON's string length fits.
    const lengthLimited: ConformanceImplementation = {
      metadata: async (request) => {
        const outcome = await coreImplementation.metadata!(request);
        const error = 'errors' in outcome ? outcome.errors[0] : undefined;
        if (error?.code === 'too_large' && request.method === 'PUT' && isObject(request.body)) {
          const field = error.meta?.param_name ?? '';
          const value = request.body[field] as JsonValue;
          if (JSON.stringify(value).length <= 8192) return { status: 200, stored: { ...request.stored, [field]: value } };
        }
        return outcome;
      },
    };

    // Act
    const report = await runConformance(lengthLimited, { filter: 'limits' });

    // Assert
    const failed = failedIds(report);
    expect(failed).toEqual(
      expect.arrayContaining(['limits/size-two-byte-8193-rejected', 'limits/size-four-byte-8193-rejected']),
    );
    expect(failed).not.toContain('limits/size-ascii-8193-rejected');
    expect(failed).not.toContain('limits/size-ascii-8192-accepted');
  });

  test('a frontend that returns private_metadata fails the frontend cases', async () => {
    // Arrange
    const leaking: ConformanceImplementation = {
      metadata: async (request) => {
        const outcome = await coreImplementation.metadata!(request);
        return 'stored' in outcome ? { ...outcome, response: { ...outcome.stored } } : outcome;
      },
    };

    // Act
    const report = await runConformance(leaking, { filter: 'frontend' });

    // Assert
    expect(report.results.find((r) => r.id === 'frontend/private-never-returned')).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/must not carry private_metadata/),
    });
    expect(failedIds(report)).not.toContain('frontend/public-write-refused');
  });

  test('an operation that carries stored keys which are not fields into its result fails the field-sets cases', async () => {
    // Arrange: whatever the request, every stored key is kept
    const keepingEverything: ConformanceImplementation = {
      metadata: async (request) => {
        const outcome = await coreImplementation.metadata!(request);
        return 'stored' in outcome ? { ...outcome, stored: { ...request.stored, ...outcome.stored } } : outcome;
      },
    };

    // Act
    const report = await runConformance(keepingEverything, { filter: ['update', 'replace-metadata'] });

    // Assert
    expect(report.results.find((r) => r.id === 'update/stored-foreign-key-left-out')).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/hold "legacy_metadata", which is not a field of the resource/),
    });
    expect(failedIds(report).sort()).toEqual(
      ['replace-metadata/stored-foreign-key-left-out', 'update/organization-stored-user-field-left-out', 'update/stored-foreign-key-left-out'].sort(),
    );
  });

  test('a frontend that lets the user write public_metadata fails the refusal cases', async () => {
    // Arrange
    const permissive: ConformanceImplementation = {
      metadata: (request) => coreImplementation.metadata!({ ...request, api: request.api === 'frontend' ? 'backend' : request.api }),
    };

    // Act
    const report = await runConformance(permissive, { filter: 'frontend' });

    // Assert
    expect(failedIds(report)).toEqual(
      expect.arrayContaining(['frontend/public-write-refused', 'frontend/private-write-refused', 'frontend/public-beside-unsafe-refused']),
    );
  });

  test('an error with the wrong code, or no error where one is due, fails', async () => {
    // Arrange
    const wrongCode: ConformanceImplementation = {
      metadata: async (request) => {
        const outcome = await coreImplementation.metadata!(request);
        return 'errors' in outcome ? { status: 422, errors: [{ code: 'invalid' }] } : outcome;
      },
    };
    const lenient: ConformanceImplementation = {
      metadata: (request) => ({ status: 200, stored: request.stored }),
    };

    // Act
    const wrong = await runConformance(wrongCode, { filter: 'validation/unknown-field' });
    const accepting = await runConformance(lenient, { filter: 'validation/unknown-field' });

    // Assert
    expect(wrong.results[0]!.message).toMatch(/expected 422 unknown_field \(param_name foo\), got 422 invalid/);
    expect(accepting.results[0]!.message).toMatch(/expected 422 unknown_field .*got status 200/);
  });

  test('refuses an implementation that is not an object', async () => {
    // Act / Assert
    await expect(runConformance(null as unknown as ConformanceImplementation)).rejects.toThrow(TypeError);
  });

  test('missing operations are skipped, throwing and malformed answers fail', async () => {
    // Arrange
    const throwing: ConformanceImplementation = {
      merge: () => {
        throw new RangeError('boom');
      },
      metadata: () => 'nonsense' as unknown as ConformanceMetadataOutcome,
    };

    // Act
    const report = await runConformance(throwing, { filter: ['merge/rfc7396-a01', 'replace/new-field', 'update/clerk-birthday'] });

    // Assert
    expect(report.results).toEqual([
      { id: 'merge/rfc7396-a01', topic: 'merge', outcome: 'failed', message: 'threw RangeError: boom' },
      { id: 'replace/new-field', topic: 'replace', outcome: 'skipped', message: 'the implementation has no replace operation' },
      { id: 'update/clerk-birthday', topic: 'update', outcome: 'failed', message: expect.stringMatching(/not an outcome/) },
    ]);
  });

  test('a merge that copies what it should share fails the sharing cases, naming the place', async () => {
    // Arrange: right values, but always fresh objects
    const copying: ConformanceImplementation = { merge: (target, patch) => JSON.parse(JSON.stringify(deepMergeWithNullDeletion(target, patch))) };

    // Act
    const report = await runConformance(copying, { filter: ['sharing/merge-equal-patch-returns-target', 'sharing/merge-array-equal-element'] });

    // Assert
    expect(report.results.map((r) => r.message)).toEqual([
      'at "" the result must be the target\'s own object, not a copy',
      'at "/l/0" the result must be the target\'s own object, not a copy',
    ]);
  });

  test('a merge that coerces values JSON cannot hold (as a JSON round trip would) fails the values cases', async () => {
    // Arrange
    const coercing: ConformanceImplementation = {
      merge: (target, patch) => deepMergeWithNullDeletion(target, JSON.parse(JSON.stringify(patch ?? null)) as JsonValue),
    };

    // Act
    const report = await runConformance(coercing, { filter: ['values/merge-nan-member', 'values/merge-date-member', 'values/merge-undefined-member-ignored'] });

    // Assert: NaN and a Date are accepted instead of refused; an undefined member is absent either way
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'failed', 'passed']);
    expect(report.results[0]!.message).toMatch(/expected an error with code invalid_json_value, got the result/);
  });

  test('an error at the wrong place fails: the path is compared as a JSON Pointer', async () => {
    // Arrange: the right code, but the path of the field instead of the value
    const vague: ConformanceImplementation = {
      merge: (target, patch) => {
        try {
          return deepMergeWithNullDeletion(target, patch);
        } catch (error) {
          throw Object.assign(new Error('bad'), { code: (error as { code: string }).code, path: [] });
        }
      },
    };

    // Act
    const report = await runConformance(vague, { filter: 'values/merge-infinity-in-array' });

    // Assert
    expect(report.results[0]!.message).toBe('expected the error at "/l/1", got it at ""');
  });

  test('a result holding a member that is not plain data fails', async () => {
    // Arrange: "__proto__" stored as a read-only member
    const readOnly: ConformanceImplementation = {
      merge: (target, patch) => {
        const result = deepMergeWithNullDeletion(target, patch);
        if (isObject(result) && Object.hasOwn(result, '__proto__')) {
          const copy = { ...result };
          Object.defineProperty(copy, '__proto__', { value: result['__proto__'], enumerable: true, writable: false, configurable: true });
          return copy;
        }
        return result;
      },
    };

    // Act
    const report = await runConformance(readOnly, { filter: 'keys/merge-proto-key-added' });

    // Assert
    expect(report.results[0]).toMatchObject({ outcome: 'failed', message: '/__proto__: not an ordinary data member' });
  });

  test('diff cases compare the patch and check the round trip through the implementation\'s merge', async () => {
    // Arrange: a diff that always answers after (a valid but not minimal patch), and a merge that ignores nulls
    const wholeAfter: ConformanceImplementation = { diff: (_before, after) => JSON.parse(JSON.stringify(after)) };
    const keepsNulls: ConformanceImplementation = {
      diff: createMergePatch,
      merge: (target, patch) => (isObject(target) && isObject(patch) ? { ...target, ...patch } : patch),
    };

    // Act
    const whole = await runConformance(wholeAfter, { filter: 'diff/nested-change-pruned-siblings' });
    const roundTrip = await runConformance(keepsNulls, { filter: 'diff/removed-key' });
    const reference = await runConformance(coreImplementation, { filter: 'diff' });

    // Assert
    expect(whole.results[0]!.message).toMatch(/^result differs at \/x: unexpected key/);
    expect(roundTrip.results[0]!.message).toBe('round trip: merging the patch into before differs from after at /a: unexpected key (value null)');
    expect([reference.failed, reference.skipped]).toEqual([0, 0]);
  });

  test('a reducer error is compared by its whole message where a case gives one', async () => {
    // Arrange: core's replace, throwing the same error with other words
    const reworded: ConformanceImplementation = {
      replace: (stored, provided) => {
        try {
          return replaceFields(stored, provided as JsonObject);
        } catch (error) {
          throw Object.assign(new Error('provided is not an object'), { code: (error as { code: unknown }).code, path: [] });
        }
      },
    };

    // Act
    const report = await runConformance(reworded, { filter: 'replace' });

    // Assert: only the cases that give a message fail, saying what was expected
    expect(failedIds(report).sort()).toEqual(['replace/provided-array-rejected', 'replace/provided-null-rejected', 'replace/provided-string-rejected']);
    expect(report.results.find((r) => r.id === 'replace/provided-null-rejected')!.message).toBe(
      'expected the error to say "Not a plain object (invalid_params at [])", got "provided is not an object"',
    );
  });

  test('metadata errors are compared by meta.path and, where a case gives one, the whole long_message', async () => {
    // Arrange: core's answers with the message or the path changed
    const answer = (change: (error: Record<string, unknown>) => void): ConformanceImplementation => ({
      metadata: async (request) => {
        const outcome = (await coreImplementation.metadata!(request)) as { errors?: Record<string, unknown>[] };
        outcome.errors?.forEach(change);
        return outcome as ConformanceMetadataOutcome;
      },
    });
    const filter = 'errors/unknown-field-message';

    // Act
    const wrongMessage = await runConformance(answer((e) => (e['long_message'] = 'nope')), { filter });
    const wrongPath = await runConformance(answer((e) => (e['meta'] = { param_name: 'foo', path: 'foo' })), { filter });

    // Assert
    expect(wrongMessage.results[0]!.message).toMatch(/^expected 422 unknown_field \(param_name foo\) at "\/foo" saying .* got 422 unknown_field/);
    expect(wrongPath.failed).toBe(1);
  });
});
