/**
 * An HttpSender whose exchanges run on a thread of their own (send-thread-entry.ts). On the dispatcher's
 * thread, undici's work (writing requests, parsing responses) takes turns with claiming and recording, and in
 * role `all` with the API; on its own thread it runs on the other core. The dispatcher keeps everything that
 * touches the store; only requests (already signed) and results cross, in batches: the sends of one turn go
 * as one message, and the results finished in one turn of the thread's loop come back as one.
 *
 * The thread starts with the sender, so that loading it does not hold up the first sends (a rate-limited
 * webhook's would then go out closer together than its slots). If it dies, the sends it held are answered
 * with an error (they are retried like any failed send) and the next send starts a new one.
 *
 * Measured on two cores shared with the receiver (a 40,000-delivery drain): the dispatcher's thread went from
 * about 80 to 57 µs per delivery, but the process as a whole from 97 to 116 (the hops, a second event loop),
 * and the rate did not rise. It is off by default (CAREHOOKS_SEND_THREAD) and pays where a core is spare.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sendFailure, type HttpSender, type SendRequest, type SendResult } from './http-sender.js';
import type {
  SendThreadData,
  ThreadReply,
  ThreadRequest,
  ThreadSend,
  ThreadSenderOptions,
} from './send-thread-protocol.js';

export const SEND_THREAD_LOST_CODE = 'CAREHOOKS_SEND_THREAD_LOST';
export const SENDER_STOPPED_CODE = 'CAREHOOKS_SENDER_STOPPED';

export interface ThreadedHttpSender extends HttpSender {
  /**
   * Resolves once the first thread has loaded (or failed to). Sends made before wait for it, so a rate-limited
   * webhook's slots handed out meanwhile would go out late and bunched: start claiming after this.
   */
  readonly ready: Promise<void>;
}

/** `entry`, the thread's module, is injectable for tests. */
export function createThreadedHttpSender(
  options: ThreadSenderOptions,
  entry: URL = entryUrl(),
): ThreadedHttpSender {
  return new SenderOnThread(options, entry);
}

class SenderOnThread implements ThreadedHttpSender {
  readonly ready: Promise<void>;
  private thread: Worker | null = null;
  private readonly pending = new Map<number, (result: SendResult) => void>();
  private nextId = 0;
  private queued: ThreadSend[] = [];
  private transfers: ArrayBuffer[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly options: ThreadSenderOptions,
    private readonly entry: URL,
  ) {
    const thread = (this.thread = this.startThread());
    this.ready = new Promise((resolve) => {
      thread.on('message', (reply: ThreadReply) => reply.kind === 'ready' && resolve());
      thread.once('exit', () => resolve());
    });
  }

  send({ url, headers, body, notBefore }: SendRequest): Promise<SendResult> {
    if (this.stopping) return Promise.resolve(sendFailure(SENDER_STOPPED_CODE, 'The sender is stopping'));
    const id = ++this.nextId;
    // A copy of exactly the body's bytes, moved to the thread: a small Buffer is a view into a shared pool.
    const bytes = new Uint8Array(body);
    if (this.queued.length === 0) queueMicrotask(this.flush);
    // A rate-limited send waits for its slot in the thread, on that thread's timer: a wait here and the hop
    // after it would add the hop's delay to some sends and not others, and bunch up the slots.
    this.queued.push([id, url.href, headers, bytes, notBefore]);
    this.transfers.push(bytes.buffer);
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  close(): Promise<void> {
    return this.stop('close');
  }

  destroy(): Promise<void> {
    return this.stop('destroy');
  }

  private readonly flush = (): void => {
    if (this.queued.length === 0) return;
    const thread = (this.thread ??= this.startThread());
    thread.ref();
    thread.postMessage({ kind: 'send', sends: this.queued } satisfies ThreadRequest, this.transfers);
    this.queued = [];
    this.transfers = [];
  };

  private startThread(): Worker {
    const thread = new Worker(this.entry, { workerData: { options: this.options } satisfies SendThreadData });
    thread.on('message', (reply: ThreadReply) => {
      if (reply.kind !== 'results') return;
      for (const [id, result] of reply.results) this.answer(id, result);
      if (this.pending.size === 0) thread.unref();
    });
    thread.on('error', (error) => this.lost(thread, `The send thread failed: ${error.message}`));
    thread.on('exit', (code) => this.lost(thread, `The send thread exited (code ${code})`));
    // Idle, the thread must not keep the process alive (an idle in-process sender does not).
    thread.unref();
    return thread;
  }

  private answer(id: number, result: SendResult): void {
    const resolve = this.pending.get(id);
    if (!resolve) return;
    this.pending.delete(id);
    resolve(result);
  }

  /** The thread is gone: what it held is answered with an error, and the next send starts another. */
  private lost(thread: Worker, message: string): void {
    if (this.thread !== thread) return;
    this.thread = null;
    this.answerAll(sendFailure(SEND_THREAD_LOST_CODE, message));
  }

  private answerAll(result: SendResult): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of pending) resolve(result);
  }

  private stop(kind: 'close' | 'destroy'): Promise<void> {
    this.stopping ??= (async () => {
      this.flush();
      const thread = this.thread;
      if (thread) {
        // Its last results come before `stopped`; a thread that dies meanwhile ends the wait through `lost`.
        await new Promise<void>((resolve) => {
          thread.on('message', (reply: ThreadReply) => reply.kind === 'stopped' && resolve());
          thread.once('exit', () => resolve());
          thread.postMessage({ kind } satisfies ThreadRequest);
        });
        this.thread = null;
        await thread.terminate();
      }
      this.answerAll(sendFailure(SENDER_STOPPED_CODE, 'The sender stopped before the send finished'));
    })();
    return this.stopping;
  }
}

/**
 * The thread's module beside this one; from the TypeScript sources (the test runner), the built one, since a
 * thread cannot start on a .ts file.
 */
function entryUrl(): URL {
  const beside = new URL('./send-thread-entry.js', import.meta.url);
  return existsSync(beside) ? beside : new URL('../../dist/delivery/send-thread-entry.js', import.meta.url);
}
