/**
 * A value now, or later. The hot path (DESIGN §9) answers from memory and, on SQLite, reads synchronously: it
 * stays synchronous end to end until something really has to wait, instead of paying a microtask per step.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** `fn(value)` at once when the value is here, after it arrives otherwise (not named `then`: a module exporting `then` is thenable). */
export function andThen<T, U>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
