import { describe, expect, it } from 'vitest';
import { createWorkloads, type Workload } from '../createWorkloads.js';

function depthOf(value: unknown): number {
  let depth = 0;
  for (let node = value; node !== null && typeof node === 'object'; node = (node as Record<string, unknown>)['child']) depth++;
  return depth;
}

/** Every path from the patch root to a non-object value. */
function leafPaths(value: unknown, prefix: string[] = []): { path: string[]; value: unknown }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ path: prefix, value }];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function byId(workloads: Workload[], id: number): Workload {
  return workloads.find((workload) => workload.id === id)!;
}

describe('createWorkloads', () => {
  it('is deterministic: the same seed gives the same workloads, another seed others', () => {
    // Arrange / Act
    const first = createWorkloads(42);
    const again = createWorkloads(42);
    const other = createWorkloads(43);

    // Assert
    expect(again).toEqual(first);
    expect(other[0]!.target).not.toEqual(first[0]!.target);
  });

  it('workload 1: 1–2 KB of metadata and a 3–5 key patch with a nested null deletion of an existing key', () => {
    // Arrange / Act
    const { target, patch, kind } = byId(createWorkloads(), 1);
    const leaves = leafPaths(patch);
    const deletions = leaves.filter((leaf) => leaf.value === null);

    // Assert
    expect(kind).toBe('merge');
    expect(JSON.stringify(target).length).toBeGreaterThanOrEqual(1024);
    expect(JSON.stringify(target).length).toBeLessThanOrEqual(2048);
    expect(leaves.length).toBeGreaterThanOrEqual(3);
    expect(leaves.length).toBeLessThanOrEqual(5);
    expect(deletions).toHaveLength(1);
    const deleted = deletions[0]!.path;
    expect(deleted.length).toBeGreaterThan(1);
    const parent = deleted.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, target);
    expect(Object.hasOwn(parent, deleted.at(-1)!)).toBe(true);
  });

  it('workload 2: a ~1 MB document and a patch of one key four levels down', () => {
    // Arrange / Act
    const { target, patch } = byId(createWorkloads(), 2);
    const leaves = leafPaths(patch);

    // Assert
    expect(JSON.stringify(target).length).toBeGreaterThan(0.9e6);
    expect(JSON.stringify(target).length).toBeLessThan(1.1e6);
    expect(leaves).toHaveLength(1);
    expect(leaves[0]!.path).toHaveLength(4);
  });

  it('workload 3: 10,000 keys and a 10-key patch', () => {
    // Arrange / Act
    const { target, patch } = byId(createWorkloads(), 3);

    // Assert
    expect(Object.keys(target)).toHaveLength(10_000);
    expect(Object.keys(patch)).toHaveLength(10);
    expect(Object.values(patch)).toContain(null);
  });

  it('workload 4: 500 levels deep, the patch reaching the deepest leaf', () => {
    // Arrange / Act
    const { target, patch } = byId(createWorkloads(), 4);
    const [leaf] = leafPaths(patch);

    // Assert
    expect(depthOf(target)).toBe(500);
    expect(depthOf(patch)).toBe(500);
    expect(leafPaths(patch)).toHaveLength(1);
    expect(leaf!.path).toHaveLength(500);
  });

  it('workload 5: a replace of one of three fields', () => {
    // Arrange / Act
    const { target, patch, kind } = byId(createWorkloads(), 5);

    // Assert
    expect(kind).toBe('replace');
    expect(Object.keys(target).sort()).toEqual(['privateMetadata', 'publicMetadata', 'unsafeMetadata']);
    expect(Object.keys(patch)).toEqual(['publicMetadata']);
    expect(patch['publicMetadata']).not.toEqual(target['publicMetadata']);
  });
});
