/**
 * The send thread (send-thread.ts): runs an HTTP sender and answers each send with its result. Requests come
 * in batches; results finished in the same turn of this thread's event loop go back as one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpSender, sendFailure, type SendResult } from './http-sender.js';
import type { SendThreadData, ThreadReply, ThreadRequest } from './send-thread-protocol.js';

const port = parentPort!;
const sender = createHttpSender((workerData as SendThreadData).options);
port.postMessage({ kind: 'ready' } satisfies ThreadReply);
let results: [number, SendResult][] = [];

function flushResults(): void {
  const batch = results;
  results = [];
  port.postMessage({ kind: 'results', results: batch } satisfies ThreadReply);
}

function answer(id: number, result: SendResult): void {
  if (results.length === 0) setImmediate(flushResults);
  results.push([id, result]);
}

port.on('message', (message: ThreadRequest) => {
  switch (message.kind) {
    case 'send':
      for (const [id, href, headers, body, notBefore] of message.sends) {
        const bytes = Buffer.from(body.buffer, body.byteOffset, body.length);
        sender.send({ url: new URL(href), headers, body: bytes, notBefore }).then(
          (result) => answer(id, result),
          // The sender never rejects; should that change, the send still gets an answer.
          (error: unknown) => answer(id, sendFailure('CAREHOOKS_SEND_FAILED', String(error))),
        );
      }
      return;
    case 'close':
    case 'destroy':
      void (message.kind === 'close' ? sender.close() : sender.destroy()).finally(() => {
        if (results.length > 0) flushResults();
        port.postMessage({ kind: 'stopped' } satisfies ThreadReply);
        port.close();
      });
      return;
  }
});
