import { isRawBody } from '../bytes.js';
import { createReceiver, type ReceiverOptions } from '../receive.js';

/** What the plugin uses of a Fastify request. */
export interface FastifyRequestLike {
  method: string;
  /** The URL as received, prefix included. */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: unknown;
}

/** What the plugin uses of a Fastify reply. */
export interface FastifyReplyLike {
  code(statusCode: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload: unknown): FastifyReplyLike;
}

/** What the plugin uses of a Fastify instance (the encapsulated one it is registered in). */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: 'buffer' },
    parser: (request: never, body: Uint8Array, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  post(
    path: string,
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>,
  ): unknown;
}

export interface FastifyReceiverOptions extends ReceiverOptions {
  /** The route, under the prefix the plugin is registered with. Default `/`. */
  path?: string;
}

/**
 * A Fastify plugin that adds a POST route receiving webhooks:
 * `app.register(fastifyReceiver, { path: '/webhooks', secret, onEvent })`. In its own encapsulated context it
 * replaces the body parsers with one that keeps the raw bytes (`parseAs: 'buffer'`), which the signature
 * covers; the rest of the app keeps its JSON parser.
 */
export async function fastifyReceiver(
  instance: FastifyInstanceLike,
  options: FastifyReceiverOptions,
): Promise<void> {
  const receive = createReceiver(options);
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  instance.post(options.path ?? '/', async (request, reply) => {
    const body = isRawBody(request.body) ? request.body : undefined;
    const response = await receive({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
    });
    return reply.code(response.status).headers(response.headers).send(response.body);
  });
}
