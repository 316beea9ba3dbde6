/** Every network wait has a deadline: a wait that runs out is a value, never a hang. */

export type Timed<T> = { ok: true; value: T } | { ok: false; timedOut: true; ms: number };

/**
 * Resolves with the promise's value, or with `timedOut` after `ms`. The promise keeps running
 * (a socket is closed by its owner); its later rejection is swallowed so nothing leaks unhandled.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<Timed<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ ok: false, timedOut: true, ms }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ ok: true, value });
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
