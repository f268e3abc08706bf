/**
 * The polling loop the messaging sources share (the message scheduler and the email sender): one pass at
 * a time, the next pass `intervalMs` after the last one ends, a failed pass logged and tried again.
 */
export interface Poller {
  /** One pass, run after any pass already running; resolves with what the pass reports. */
  tick(): Promise<number>;
  /** Stops the loop and waits for the running pass. */
  stop(): Promise<void>;
}

/** Runs `pass` now and then every `intervalMs` until stopped; `failure` names a failed pass in the log. */
export function startPoller(
  pass: () => Promise<number>,
  options: { intervalMs: number; logger: { error(obj: object, msg: string): void }; failure: string },
): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;
  const tick = () => (running = running.catch(() => 0).then(() => pass()));
  const loop = () => {
    if (stopped) return;
    tick()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, options.failure);
        return 0;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
