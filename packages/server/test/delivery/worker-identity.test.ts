/**
 * Lease owner ids and telling a dead owner from a live one on this host, with real processes: a child that
 * has exited is dead, this process and other live ones are not, and nothing is claimed about other hosts.
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isKnownDead, newWorkerOwner } from '../../src/delivery/worker-identity.js';

/** The pid of a process that has run and exited. */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('worker identity', () => {
  it('names the host, pid and process start, and tells two workers of one process apart', () => {
    const owner = newWorkerOwner();
    const [pid, startedAt, random] = owner.split('/').slice(-3);
    expect(owner.startsWith(`${hostname()}/${process.pid}/`)).toBe(true);
    expect(Math.abs(Number(startedAt) - (Date.now() - process.uptime() * 1000))).toBeLessThan(1000);
    expect(pid).toBe(String(process.pid));
    expect(random).toMatch(/^[0-9a-f]{8}$/);
    expect(newWorkerOwner()).not.toBe(owner);
  });

  it('knows this process and another live one are alive', () => {
    expect(isKnownDead(newWorkerOwner())).toBe(false);
    const parent = `${hostname()}/${process.ppid}/1700000000000/abcd0123`;
    expect(isKnownDead(parent)).toBe(false);
  });

  it('knows an exited process is dead, and an earlier process that had this pid', async () => {
    const pid = await exitedPid();
    expect(isKnownDead(`${hostname()}/${pid}/1700000000000/abcd0123`)).toBe(true);
    expect(isKnownDead(`${hostname()}/${process.pid}/1700000000000/abcd0123`)).toBe(true);
  });

  it('claims nothing about other hosts or ids it cannot read', async () => {
    const pid = await exitedPid();
    expect(isKnownDead(`elsewhere.example/${pid}/1700000000000/abcd0123`)).toBe(false);
    expect(isKnownDead(`${hostname()}/${pid}/abcd0123`)).toBe(false);
    expect(isKnownDead('gone-worker')).toBe(false);
  });
});
