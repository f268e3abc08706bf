/**
 * A server process whose wall clock is off by a fixed amount. The server has no clock of its own to inject,
 * and libfaketime is not on the test machines, so Node preloads a module (`--import` through NODE_OPTIONS)
 * that shifts `Date.now()` and `new Date()` before any server code runs. Monotonic time
 * (`performance.now()`, timers) is left alone, as a skewed machine's would be.
 */
export function skewedClockEnv(skewMs: number): Record<string, string> {
  const source = `
    const Real = globalThis.Date;
    const skew = ${JSON.stringify(skewMs)};
    const now = () => Real.now() + skew;
    globalThis.Date = new Proxy(Real, {
      construct: (target, args, newTarget) =>
        Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
      get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
    });
  `;
  return { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(source)}` };
}
