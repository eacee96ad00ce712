import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { connectionTurns, type EndTurn } from '../adapter/node/connectionTurns.js';

// The turns of requests on a connection: one at a time per connection, in the order taken, none after a turn
// that ended the connection; connections do not wait for each other.

const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 100);

describe('connectionTurns', () => {
  it.prop([fc.array(fc.record({ connection: fc.nat(2), last: fc.boolean() }), { maxLength: 30 }), fc.array(fc.nat(29))], { numRuns })(
    'runs the turns of a connection one at a time, in the order taken, and none after one that ended it',
    (takes, endOrder) => {
      // Arrange
      const turns = connectionTurns();
      const sockets = [{}, {}, {}];
      const running = new Map<number, { index: number; end: EndTurn }>();
      const started: number[] = [];
      const take = (index: number): void => {
        const { connection } = takes[index]!;
        turns.take(sockets[connection]!, (end) => {
          expect(running.has(connection)).toBe(false);
          running.set(connection, { index, end });
          started.push(index);
        });
      };

      // Act: take every turn, then end running turns in an arbitrary order.
      takes.forEach((_, index) => take(index));
      for (const pick of [...endOrder, ...takes.map((_, index) => index)]) {
        const turn = [...running.values()].find(({ index }) => index === pick) ?? [...running.values()][0];
        if (turn === undefined) break;
        running.delete(takes[turn.index]!.connection);
        turn.end(takes[turn.index]!.last);
      }

      // Assert: per connection, the turns up to and including the first that ended it, in order.
      for (const connection of [0, 1, 2]) {
        const taken = takes.flatMap((take, index) => (take.connection === connection ? [index] : []));
        const firstLast = taken.findIndex((index) => takes[index]!.last);
        expect(started.filter((index) => takes[index]!.connection === connection)).toEqual(firstLast === -1 ? taken : taken.slice(0, firstLast + 1));
      }
    },
  );

  it('starts a long line of turns that each end at once without growing the stack', () => {
    // Arrange
    const turns = connectionTurns();
    const socket = {};
    let first: EndTurn = () => {};
    turns.take(socket, (end) => (first = end));
    let ran = 0;
    for (let index = 0; index < 200_000; index++) {
      turns.take(socket, (end) => {
        ran += 1;
        end(false);
      });
    }

    // Act
    first(false);

    // Assert
    expect(ran).toBe(200_000);
    expect(turns.waiting(socket)).toBe(false);
  });
});
