import { expect, vi } from 'vitest';
import type { Received } from '../../webhooks/__tests__/support/verifyingEndpoint.js';

/** What an event says it is about: `{object}:{id}` of its data, the line its resource's events keep their order in. */
export const resourceOf = (data: unknown): string => {
  const { object, id } = data as { object?: unknown; id?: unknown };
  return `${String(object)}:${String(id)}`;
};

/** A list without immediate repeats: at-least-once delivery may repeat a message until it is acknowledged. */
export const withoutRepeats = <T>(items: readonly T[], same: (a: T, b: T) => boolean = (a, b) => a === b): T[] =>
  items.filter((item, index) => index === 0 || !same(item, items[index - 1]!));

/** The events an endpoint verified, `[type, data]` by resource, in arrival order. */
export function eventsByResource(received: readonly Received[]): Map<string, [string, unknown][]> {
  const byResource = new Map<string, [string, unknown][]>();
  for (const { event } of received) {
    if (event === undefined) continue;
    const line = byResource.get(resourceOf(event.data)) ?? [];
    line.push([event.type, event.data]);
    byResource.set(resourceOf(event.data), line);
  }
  return byResource;
}

/** The expected events, `[type, data]` by resource, in the order they were made. */
export function expectedByResource(expected: readonly { type: string; data: unknown }[]): Map<string, [string, unknown][]> {
  const byResource = new Map<string, [string, unknown][]>();
  for (const { type, data } of expected) {
    const line = byResource.get(resourceOf(data)) ?? [];
    line.push([type, data]);
    byResource.set(resourceOf(data), line);
  }
  return byResource;
}

/** Waits until the endpoint has verified `count` requests answered 2xx (delivery runs in the background). */
export async function untilDelivered(received: readonly Received[], count: number, timeout = 60_000): Promise<void> {
  await vi.waitFor(
    () => expect(received.filter((request) => request.event !== undefined && typeof request.answer === 'number' && request.answer < 300).length).toBeGreaterThanOrEqual(count),
    { timeout, interval: 20 },
  );
}
