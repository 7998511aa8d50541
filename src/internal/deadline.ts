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
 * Run `work` with a deadline: at `milliseconds` its signal aborts (reaching the socket or child
 * process the work started); if the work still has not settled `graceMilliseconds` later, the
 * outer guard answers with `onTimeout`, so a caller never waits on work that ignores its signal.
 * No error object is built unless the deadline passes.
 */
export function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, options: DeadlineOptions<T>): Promise<T> {
  const controller = new AbortController();
  // the caller's signal is linked by hand: AbortSignal.any costs tens of µs a call here, and a
  // server links one per request
  const outer = options.signal;
  const follow = () => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener("abort", follow, { once: true });
  const signal = controller.signal;
  return new Promise<T>((resolve, reject) => {
    let guard: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      const reason = options.reason();
      controller.abort(reason);
      guard = setTimeout(() => resolve(options.onTimeout(reason)), options.graceMilliseconds ?? 250);
    }, options.milliseconds);
    const settle = () => {
      clearTimeout(timer);
      clearTimeout(guard);
      outer?.removeEventListener("abort", follow);
    };
    work(signal).then(
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
