/**
 * Turns the event loop once, so that timers and messages waiting behind a long computation run: setImmediate in Node
 * (no 1 ms clamp), a zero timeout in a browser, which has no setImmediate.
 */
export function turnEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
