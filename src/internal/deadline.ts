import pTimeout from "p-timeout";

/** Options for {@link withDeadline}. */
export interface DeadlineOptions<T> {
  /** The deadline, in milliseconds. */
  milliseconds: number;
  /** The abort reason at the deadline (also what `onTimeout` reports). */
  reason: () => Error;
  /** The answer when the work has not settled `graceMilliseconds` after the deadline. */
  onTimeout: (reason: Error) => T;
  /**
   * How long the work may take to wind down after its signal aborts.
   * @default 250
   */
  graceMilliseconds?: number;
  /** A caller's signal; aborting it aborts the work too. */
  signal?: AbortSignal;
}

/**
 * Run `work` with a deadline, in two stages: at `milliseconds` its signal aborts (reaching the
 * socket or child process the work started); from then p-timeout is the outer guard, and if the
 * work still has not settled `graceMilliseconds` later it answers with `onTimeout`, so a caller
 * never waits on work that ignores its signal. The guard is armed only once the deadline has
 * passed (p-timeout builds an error with a stack trace per call), so a judgment that ends in time
 * builds no error object at all.
 */
export function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, options: DeadlineOptions<T>): Promise<T> {
  const controller = new AbortController();
  // the caller's signal is linked by hand: AbortSignal.any costs tens of µs a call here, and a
  // server links one per request
  const outer = options.signal;
  const follow = () => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener("abort", follow, { once: true });
  let running: Promise<T>;
  try {
    running = work(controller.signal);
  } catch (error) {
    running = Promise.reject(error as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const reason = options.reason();
      controller.abort(reason);
      pTimeout(running, { milliseconds: Math.max(1, options.graceMilliseconds ?? 250), fallback: () => options.onTimeout(reason) }).then(resolve, reject);
    }, options.milliseconds);
    const settle = () => {
      clearTimeout(timer);
      outer?.removeEventListener("abort", follow);
    };
    running.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
