// The command-line server's memory check as it reads PGlite's table into memory: a table that would not fit in
// the heap is refused with a start-up error naming its size and the alternative, never a V8 out-of-memory crash.
// Command-line only (node:v8).
import { getHeapStatistics } from 'node:v8';
import type { OpeningWatch } from '../store/postgres/exclusivePostgresStore.js';
import { StartupError } from './startupError.js';
import type { TableSize } from '../store/postgres/tablePages.js';

/**
 * The heap a resource takes beyond its JSON text, in bytes: its record, key, creation times, map and order
 * entries. Its attributes, parsed, take about their text's bytes, its metadata is held as its text: the
 * benchmark's users take about 150 bytes more than their JSON (docs/benchmarks.md, heap per 100,000 users).
 */
export const HEAP_BYTES_PER_ROW = 300;
/** The share of the heap limit the resources may take: the rest serves requests, sorted orders and the collector. */
export const HEAP_SHARE_FOR_RESOURCES = 0.75;
/** Past this share of the heap limit while reading, the opening stops: the estimate was short. */
const HEAP_SHARE_WHILE_READING = 0.9;

const MIB = 2 ** 20;
const mib = (bytes: number): string => `${Math.ceil(bytes / MIB).toLocaleString('en')} MiB`;

/** What `v8.getHeapStatistics()` says that this check reads. */
export interface HeapNow {
  readonly heap_size_limit: number;
  readonly used_heap_size: number;
}

/** A table's resources, and what they would take in memory. */
const estimate = (table: TableSize): number => table.rows * HEAP_BYTES_PER_ROW + table.bytes;

/** The refusal, `needed` being the heap the whole table would take in this process. */
function refusal(folder: string, table: TableSize, heap: HeapNow, what: string, needed: number): StartupError {
  return new StartupError(
    'DATA_DIR',
    folder,
    `the database holds ${table.rows.toLocaleString('en')} resources with ${mib(table.bytes)} of JSON, which need about ` +
      `${mib(estimate(table))} of memory here, ${what} (Node's heap limit is ${mib(heap.heap_size_limit)}): serve them from ` +
      `PostgreSQL instead (STORE=postgres with DATABASE_URL; postgresStore keeps nothing in memory), or give Node a larger heap ` +
      `if the machine has the memory (NODE_OPTIONS=--max-old-space-size=${Math.ceil(needed / HEAP_SHARE_FOR_RESOURCES / MIB)})`,
  );
}

/**
 * The watch of an opening in `folder`: refuses before reading when the table's estimate does not fit in
 * HEAP_SHARE_FOR_RESOURCES of the heap limit, and stops while reading when the heap passes
 * HEAP_SHARE_WHILE_READING of it (text held as two bytes a character, say, can outgrow the estimate).
 *
 * @param heap - the heap's statistics now (a test's stand-in)
 */
export function heapWatch(folder: string, heap: () => HeapNow = getHeapStatistics): OpeningWatch {
  return {
    beforeReading(table) {
      const now = heap();
      if (now.used_heap_size + estimate(table) > now.heap_size_limit * HEAP_SHARE_FOR_RESOURCES) {
        throw refusal(folder, table, now, 'more than this process can hold and still serve', now.used_heap_size + estimate(table));
      }
    },
    afterPage(read, table) {
      const now = heap();
      if (now.used_heap_size > now.heap_size_limit * HEAP_SHARE_WHILE_READING) {
        // The heap so far, for the whole table.
        const needed = (now.used_heap_size / Math.max(1, read.rows)) * table.rows;
        throw refusal(folder, table, now, `reading them filled the heap after ${read.rows.toLocaleString('en')} of them`, needed);
      }
    },
  };
}
