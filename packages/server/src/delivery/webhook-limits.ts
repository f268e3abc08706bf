/**
 * Each webhook's in-flight limit in one worker. Under a busy API one delivery's round trip takes a couple of
 * loop turns, so a fast endpoint needs more sends in flight to keep pace than a slow one should be allowed:
 * a webhook starts at the floor, gains one slot per 2xx answered fast, up to the ceiling, and drops back to
 * the floor at once on any other answer (an error, a timeout, a 429 or 5xx, or a slow 2xx). An endpoint that
 * hangs never answers fast, so it never holds more than the floor.
 */
import type { SendResult } from './http-sender.js';

/** A 2xx slower than this is a slow answer: no growth, back to the floor. */
export const FAST_ANSWER_MS = 1000;

/** Raised limits kept at most; beyond that they are forgotten (every webhook restarts at the floor). */
const MAX_TRACKED = 10_000;

export class WebhookLimits {
  /** Webhooks whose limit is above the floor; the others are at the floor. */
  private readonly raised = new Map<number, number>();

  constructor(
    readonly floor: number,
    readonly ceiling: number,
  ) {}

  limitOf(webhookId: number): number {
    return this.raised.get(webhookId) ?? this.floor;
  }

  /** The limits above the floor, as they are now (the claim reads a copy taken at the start of a turn). */
  snapshot(): Map<number, number> {
    return new Map(this.raised);
  }

  answered(webhookId: number, result: SendResult): void {
    if (!result.ok || result.durationMs > FAST_ANSWER_MS) {
      this.raised.delete(webhookId);
      return;
    }
    const next = Math.min(this.ceiling, this.limitOf(webhookId) + 1);
    if (next <= this.floor) return;
    if (!this.raised.has(webhookId) && this.raised.size >= MAX_TRACKED) this.raised.clear();
    this.raised.set(webhookId, next);
  }
}
