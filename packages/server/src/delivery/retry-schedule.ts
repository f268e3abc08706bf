/**
 * When a failed delivery is tried again. The built-in schedule backs off exponentially, then every 8 h,
 * ending just under 72 h after the first failure (about 3 days, as Healthie does); a configured schedule
 * replaces it and is used exactly, without jitter, so tests and operators get what they wrote.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before retry n (index n - 1) after the first attempt: 16 retries, 17 attempts, ~71.7 h in all. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  ...Array<number>(8).fill(8 * HOUR),
];

/** Jitter only shortens a delay (by up to this share), so the whole schedule stays within its 3 days. */
const JITTER = 0.2;

export interface RetryPolicy {
  delays: readonly number[];
  jitter: boolean;
  /** Bounds for a receiver's Retry-After: the schedule's shortest and longest delays. */
  minDelayMs: number;
  maxDelayMs: number;
}

export function retryPolicy(configured: readonly number[] | undefined): RetryPolicy {
  const delays = configured ?? DEFAULT_RETRY_SCHEDULE;
  return {
    delays,
    jitter: configured === undefined,
    minDelayMs: delays.length > 0 ? Math.min(...delays) : 0,
    maxDelayMs: delays.length > 0 ? Math.max(...delays) : 0,
  };
}

/**
 * The delay before the next attempt after attempt number `attempt` (1-based) failed, or null when the
 * schedule is used up. A Retry-After from the receiver replaces the scheduled delay, clamped to the
 * schedule's bounds so a receiver can neither hammer us nor park a delivery for weeks.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const scheduled = policy.delays[attempt - 1];
  if (scheduled === undefined) return null;
  if (retryAfterMs !== null) return Math.min(Math.max(retryAfterMs, policy.minDelayMs), policy.maxDelayMs);
  return policy.jitter ? Math.round(scheduled * (1 - JITTER * random())) : scheduled;
}
