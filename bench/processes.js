/** The two other processes of a bench run: the receiver (forked, IPC) and the carehooks server (spawned). */
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RECEIVER = fileURLToPath(new URL('./receiver.js', import.meta.url));
const CLI = fileURLToPath(new URL('../packages/server/bin/carehooks.js', import.meta.url));

export async function startReceiver() {
  const child = fork(RECEIVER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let seq = 0;
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message) => {
      if (message.ready) return resolve(message.ready);
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.error) waiter.reject(new Error(`receiver: ${message.error}`));
      else waiter.resolve(message);
    });
  });
  const request = (cmd, extra = {}, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`receiver: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.send({ cmd, id, ...extra });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => request('stats'),
    reset: (record = false) => request('reset', { record }),
    /** Resolves with `{ firstAt, reachedAt, total }` once `target` requests were answered. */
    until: (target, timeoutMs) => request('until', { target }, timeoutMs),
    arrivals: () => request('arrivals'),
    stop: () => child.kill('SIGKILL'),
  };
}

function readStatusKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** A fixed key for bench servers on PostgreSQL (the data is throwaway). */
const BENCH_SECRET_KEY = Buffer.alloc(32, 1).toString('base64');

/** Clock ticks per second, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) the process has used, in ms, or null once it is gone. */
function readCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU samples are this far apart: fine enough to cut a window out of a drain that lasts a second. */
const SAMPLE_MS = 20;

/**
 * Samples a process's RSS and CPU time every SAMPLE_MS: its peak RSS, its CPU time now, and the CPU time it
 * used between two moments known only afterwards.
 */
export function trackUsage(pid) {
  let peakKb = 0;
  /** [epoch ms, CPU ms] pairs, to learn the CPU time spent between two moments known only afterwards. */
  const cpuSamples = [];
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, readStatusKb(pid, 'VmRSS'));
    const cpu = readCpuMs(pid);
    if (cpu !== null) cpuSamples.push([Date.now(), cpu]);
  }, SAMPLE_MS);
  const cpuAt = (at) => {
    const after = cpuSamples.findIndex(([t]) => t >= at);
    if (after === -1) return cpuSamples.at(-1)?.[1] ?? 0;
    if (after === 0) return cpuSamples[0][1];
    const [t0, c0] = cpuSamples[after - 1];
    const [t1, c1] = cpuSamples[after];
    return c0 + ((c1 - c0) * (at - t0)) / (t1 - t0);
  };
  return {
    /** The larger of the kernel's high-water mark and our own samples, in MB. */
    peakRssMb: () => Math.max(peakKb, readStatusKb(pid, 'VmHWM')) / 1024,
    /** CPU time the process has used so far, in ms. */
    cpuMs: () => readCpuMs(pid) ?? 0,
    /** CPU time the process used between two epoch-ms moments of the past, in ms (from the samples). */
    cpuMsBetween: (from, to) => cpuAt(to) - cpuAt(from),
    stopSampling: () => clearInterval(sampler),
  };
}

/**
 * `carehooks serve` on port 0 in its own process. `target` is `{ kind: 'sqlite', dataDir }` or
 * `{ kind: 'postgres', url }`; `profileDir` adds --cpu-prof.
 */
export async function startServer(target, { env = {}, profileDir } = {}) {
  const nodeArgs = [];
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profileDir);
  }
  const args = [...nodeArgs, CLI, 'serve', '--port', '0', '--allow-private-networks', '--log-level', 'warn'];
  if (target.kind === 'sqlite') args.push('--data', target.dataDir);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      CAREHOOKS_STOP_TIMEOUT: '1s',
      // Deprecation warnings from dependencies would only clutter the bench's output.
      NODE_NO_WARNINGS: '1',
      // The bench measures the engine at saturation; the per-key request limit (0 = off) would cap it.
      CAREHOOKS_RATE_LIMIT: '0',
      DATABASE_URL: target.kind === 'postgres' ? target.url : '',
      // PostgreSQL stores need a key sealing webhook secrets; every server of one run must share it.
      ...(target.kind === 'postgres' && !process.env.CAREHOOKS_SECRET_KEY
        ? { CAREHOOKS_SECRET_KEY: BENCH_SECRET_KEY }
        : {}),
      ...env,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /GraphQL endpoint: (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  const usage = trackUsage(child.pid);
  return {
    url,
    pid: child.pid,
    ...usage,
    async stop() {
      usage.stopSampling();
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
