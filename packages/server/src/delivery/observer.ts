/**
 * What a dispatcher reports as it works, for metrics and traces. The delivery layer only calls it; the app
 * implements it (prom-client, OpenTelemetry), so delivery stays free of both. Calls come after the turn's
 * transaction committed, so nothing is reported twice when a turn fails and its outcomes are kept for the
 * next one. Implementations must be cheap and must not throw.
 */
import type { FinishedAttempt } from './outcomes.js';

/** What an attempt meant for its delivery: delivered, another attempt scheduled, or given up. */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

export interface DeliveryObserver {
  /** A turn committed, having claimed this many deliveries. */
  turnDone(claimed: number): void;
  /** A turn failed (it is tried again). */
  turnFailed(): void;
  /** An attempt and its outcome were recorded. */
  attemptRecorded(attempt: FinishedAttempt, outcome: AttemptOutcome): void;
}

export const silentObserver: DeliveryObserver = {
  turnDone: () => {},
  turnFailed: () => {},
  attemptRecorded: () => {},
};

/** Reports to each observer in turn. */
export function allObservers(
  observers: ReadonlyArray<DeliveryObserver | null | undefined>,
): DeliveryObserver {
  const present = observers.filter((o): o is DeliveryObserver => o != null);
  if (present.length === 0) return silentObserver;
  if (present.length === 1) return present[0]!;
  return {
    turnDone: (claimed) => present.forEach((o) => o.turnDone(claimed)),
    turnFailed: () => present.forEach((o) => o.turnFailed()),
    attemptRecorded: (attempt, outcome) => present.forEach((o) => o.attemptRecorded(attempt, outcome)),
  };
}
