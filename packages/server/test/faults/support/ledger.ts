/**
 * Counts one scenario's events from acknowledged mutations to verified arrivals. A mutation is
 * acknowledged when the API answered it with its client's id; its patient.created event is delivered when
 * the receiver accepted a correctly signed delivery for that id. Lost: acknowledged but never delivered.
 * Duplicated: acceptances beyond the first for one client.
 */
import { expect } from 'vitest';

export interface Figures {
  acknowledged: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

export class Ledger {
  /** Client ids the API acknowledged. */
  readonly acknowledged = new Set<string>();
  /** Accepted deliveries per client id, and per delivery id. */
  private readonly byClient = new Map<string, number>();
  private readonly byDelivery = new Map<string, number>();
  /** When each delivery was accepted (Date.now()), for explaining repeats. */
  readonly acceptedAt = new Map<string, number[]>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly scenario: string) {}

  acknowledge(clientId: string): void {
    this.acknowledged.add(clientId);
  }

  accepted(deliveryId: string, clientId: string): void {
    this.byClient.set(clientId, (this.byClient.get(clientId) ?? 0) + 1);
    this.byDelivery.set(deliveryId, (this.byDelivery.get(deliveryId) ?? 0) + 1);
    this.acceptedAt.set(deliveryId, [...(this.acceptedAt.get(deliveryId) ?? []), Date.now()]);
    for (const wake of this.waiters) wake();
  }

  figures(): Figures {
    let delivered = 0;
    for (const id of this.acknowledged) if (this.byClient.has(id)) delivered++;
    const duplicated = repeats(this.byClient);
    const acknowledged = this.acknowledged.size;
    return { acknowledged, delivered, lost: acknowledged - delivered, duplicated };
  }

  /** Accepted clients that were never acknowledged: mutations cut short by the fault that committed anyway. */
  unacknowledgedDelivered(): number {
    let count = 0;
    for (const id of this.byClient.keys()) if (!this.acknowledged.has(id)) count++;
    return count;
  }

  /** Resolves once every acknowledged mutation is delivered; rejects after `timeoutMs` with the figures. */
  settled(timeoutMs: number): Promise<Figures> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const figures = this.figures();
        if (figures.lost > 0) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(figures);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${this.scenario}: not every acknowledged event arrived: ${this.line()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Deliveries accepted more than once, with how many times each was. */
  repeatedDeliveries(): Map<string, number> {
    return new Map([...this.byDelivery].filter(([, count]) => count > 1));
  }

  /** Repeated deliveries that no excuse covers. */
  unexpectedRepeats(excuses: Excuses = {}): string[] {
    const excused = (id: string) => excuses.inFlightAtKills?.has(id) || excuses.answeredLate?.has(id);
    return [...this.repeatedDeliveries().keys()].filter((id) => !excused(id));
  }

  line(): string {
    const f = this.figures();
    return `${this.scenario}: acknowledged ${f.acknowledged} / delivered ${f.delivered} / lost ${f.lost} / duplicated ${f.duplicated}`;
  }

  /**
   * Prints the scenario's line and checks it: nothing lost, and a delivery repeated only when it was in
   * flight in a process that was killed, or when the receiver's 200 to an earlier attempt came after the
   * server had given up on it (at-least-once delivery must send those again).
   */
  report(excuses: Excuses = {}): Figures {
    const figures = this.figures();
    console.log(this.line());
    if (figures.duplicated > 0) {
      const repeated = [...this.repeatedDeliveries().keys()];
      const count = (set: ReadonlySet<string> | undefined) => repeated.filter((id) => set?.has(id)).length;
      console.log(
        `  repeated deliveries: ${count(excuses.inFlightAtKills)} in flight at a kill, ` +
          `${count(excuses.answeredLate)} answered after the send timeout`,
      );
    }
    expect(figures.acknowledged, 'the scenario acknowledged mutations').toBeGreaterThan(0);
    expect(figures.lost, 'acknowledged events that never arrived').toBe(0);
    expect(this.unexpectedRepeats(excuses), 'deliveries repeated without a kill or a late answer').toEqual(
      [],
    );
    // Every repeat is one delivery sent again: one mutation never made two events.
    expect(figures.duplicated).toBe(repeats(this.byDelivery));
    return figures;
  }
}

/** Why a delivery may have arrived more than once. */
export interface Excuses {
  /** In flight in a process when it was killed. */
  inFlightAtKills?: ReadonlySet<string>;
  /** Accepted by the receiver after the server had recorded that attempt as failed. */
  answeredLate?: ReadonlySet<string>;
}

function repeats(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count - 1;
  return sum;
}
