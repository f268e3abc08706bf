import { createReceiver, type ReceiverOptions } from '../receive.js';

/**
 * A fetch-style handler, `(request: Request) => Promise<Response>`, for Next.js route handlers (`export const
 * POST = createWebHandler(…)`), Cloudflare Workers, Deno, Bun and other web runtimes.
 */
export function createWebHandler(options: ReceiverOptions): (request: Request) => Promise<Response> {
  const receive = createReceiver(options);
  return async (request) => {
    const body =
      request.method.toUpperCase() === 'POST' ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const response = await receive({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
    });
    return new Response(JSON.stringify(response.body), {
      status: response.status,
      headers: response.headers,
    });
  };
}
