/**
 * A delivery worker's lease owner id, `host/pid/processStart/random`, and telling from one whether its
 * process is known dead. That works only on this host: the embedded store's processes all share one (SQLite
 * in WAL mode needs shared memory), so there an owner on this host whose process is gone is dead for sure.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * When this process started, in epoch milliseconds; tells it apart from an earlier one with the same pid.
 * Derived from the uptime, so every thread of the process agrees on it give or take the tolerance.
 */
const PROCESS_STARTED_AT = Math.round(Date.now() - process.uptime() * 1000);
const SAME_PROCESS_TOLERANCE_MS = 1000;

export function newWorkerOwner(): string {
  return `${hostname()}/${process.pid}/${PROCESS_STARTED_AT}/${randomBytes(4).toString('hex')}`;
}

interface ParsedOwner {
  host: string;
  pid: number;
  processStartedAt: number;
}

function parseOwner(owner: string): ParsedOwner | null {
  const parts = owner.split('/');
  if (parts.length < 4) return null;
  const [pid, processStartedAt] = parts.slice(-3, -1).map(Number) as [number, number];
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(processStartedAt)) return null;
  return { host: parts.slice(0, -3).join('/'), pid, processStartedAt };
}

/**
 * True only when the owner's process surely no longer runs: it ran on this host and its pid is gone, or
 * the pid is this process's but the owner was an earlier process (a restarted container's pid 1). An owner
 * from another host, an older id format, or a pid now used by another process: not known, false.
 */
export function isKnownDead(owner: string): boolean {
  const parsed = parseOwner(owner);
  if (!parsed || parsed.host !== hostname()) return false;
  if (parsed.pid === process.pid) {
    return Math.abs(parsed.processStartedAt - PROCESS_STARTED_AT) > SAME_PROCESS_TOLERANCE_MS;
  }
  try {
    process.kill(parsed.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
