// Requests on one connection are handled one at a time, in the order they arrived. node:http starts pipelined
// requests at once, so a request without a body would overtake an earlier one still reading its body; RFC 9112
// §9.3.2 lets a server handle pipelined requests in parallel only when they are all safe.

/** One connection: whether a request of it is being handled, and the requests waiting for their turn. */
interface Connection {
  running: boolean;
  /** An answer ended the connection: no request after it runs. */
  ended: boolean;
  /** Starting waiting requests: a turn that ends at once leaves the next one to this loop (no recursion). */
  draining: boolean;
  /** The waiting requests are `waiting[next…]`: taking the first is O(1) however many a client pipelined. */
  waiting: ((end: EndTurn) => void)[];
  next: number;
}

/** Ends a request's turn, once its answer is handed over; `last` when that answer ends the connection. */
export type EndTurn = (last: boolean) => void;

/** The turns of requests on the connections of one server. */
export interface ConnectionTurns {
  /**
   * Runs `start` once every earlier request on `socket` has ended its turn: at once (in this call) when none is
   * running. `start` gets the function that ends its own turn. Never runs after a turn that ended the connection.
   */
  take(socket: object, start: (end: EndTurn) => void): void;
  /** Whether a request of `socket` waits for its turn behind another. */
  waiting(socket: object): boolean;
}

export function connectionTurns(): ConnectionTurns {
  const connections = new WeakMap<object, Connection>();

  function run(connection: Connection, start: (end: EndTurn) => void): void {
    connection.running = true;
    let ended = false;
    start((last) => {
      if (ended) return;
      ended = true;
      connection.running = false;
      if (last) {
        connection.ended = true;
        connection.waiting = [];
        connection.next = 0;
      }
      if (!connection.draining) drain(connection);
    });
  }

  function drain(connection: Connection): void {
    connection.draining = true;
    while (!connection.running && connection.next < connection.waiting.length) {
      const start = connection.waiting[connection.next]!;
      connection.waiting[connection.next++] = undefined!;
      run(connection, start);
    }
    // Drop the started ones once they are most of the array: a client that never stops pipelining holds no more.
    if (connection.next > 64 && connection.next * 2 > connection.waiting.length) {
      connection.waiting = connection.waiting.slice(connection.next);
      connection.next = 0;
    }
    connection.draining = false;
  }

  return {
    take(socket, start) {
      let connection = connections.get(socket);
      if (connection === undefined) {
        connection = { running: false, ended: false, draining: false, waiting: [], next: 0 };
        connections.set(socket, connection);
      }
      if (connection.ended) return;
      if (connection.running || connection.next < connection.waiting.length) connection.waiting.push(start);
      else run(connection, start);
    },
    waiting(socket) {
      const connection = connections.get(socket);
      return connection !== undefined && connection.next < connection.waiting.length;
    },
  };
}
