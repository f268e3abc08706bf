/** The two other processes of a bench run: the receiver (forked, IPC) and the carehooks server (spawned). */
import { fork, spawn } from 'node:child_process';
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
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, readStatusKb(child.pid, 'VmRSS'))), 100);
  return {
    url,
    pid: child.pid,
    /** The larger of the kernel's high-water mark and our own samples, in MB. */
    peakRssMb: () => Math.max(peakKb, readStatusKb(child.pid, 'VmHWM')) / 1024,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
