/** Messages between the dispatcher's thread and the send thread (send-thread.ts, send-thread-entry.ts). */
import type { HttpSenderOptions, SendResult } from './http-sender.js';

/** Everything but the injectable DNS lookup, which cannot cross threads. */
export type ThreadSenderOptions = Omit<HttpSenderOptions, 'lookup'>;

export interface SendThreadData {
  options: ThreadSenderOptions;
}

/** One send: its id on the dispatcher's side, the request (the body transferred) and its `notBefore`. */
export type ThreadSend = [
  id: number,
  href: string,
  headers: Record<string, string>,
  body: Uint8Array,
  notBefore: number | undefined,
];

export type ThreadRequest =
  | { kind: 'send'; sends: ThreadSend[] }
  /** Waits for the sends in flight, then closes the connections and ends the thread. */
  | { kind: 'close' }
  /** Aborts the sends in flight (they are answered with their errors), then ends the thread. */
  | { kind: 'destroy' };

export type ThreadReply =
  /** The thread has loaded and can send. */
  | { kind: 'ready' }
  | { kind: 'results'; results: [id: number, result: SendResult][] }
  /** Sent after the last results, once the sender is closed or destroyed. */
  | { kind: 'stopped' };
