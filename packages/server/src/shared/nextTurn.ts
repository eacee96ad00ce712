/**
 * Runs `callback` on a later turn of the event loop, once the I/O that is ready has been read: Node's and
 * Bun's `setImmediate`, elsewhere a zero timeout.
 */
export function nextTurn(callback: () => void): void {
  const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (typeof setImmediate === 'function') setImmediate(callback);
  else setTimeout(callback, 0);
}
