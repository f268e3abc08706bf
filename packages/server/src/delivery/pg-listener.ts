/**
 * On PostgreSQL, a dedicated connection LISTENs on the channel the outbox NOTIFYs in each transaction that
 * wrote deliveries, so workers in other processes and on other machines wake as soon as it commits. A lost
 * connection is re-opened; the polling fallback covers notifications missed meanwhile.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { DELIVERY_CHANNEL } from '../core/wire/index.js';

const RECONNECT_DELAY_MS = 1000;

export interface DeliveryListener {
  stop(): Promise<void>;
}

export function listenForDeliveries(url: string, onNotify: () => void, logger: Logger): DeliveryListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    client = next;
    const reconnect = (error?: Error) => {
      if (client !== next) return;
      client = null;
      void next.end().catch(() => {});
      if (stopped) return;
      if (error) logger.warn({ err: error }, 'delivery LISTEN connection lost; reconnecting');
      retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    next.on('notification', () => onNotify());
    try {
      await next.connect();
      await next.query(`LISTEN ${DELIVERY_CHANNEL}`);
      // Anything committed while we were not listening is found by this wake-up.
      onNotify();
    } catch (error) {
      reconnect(error instanceof Error ? error : new Error(String(error)));
    }
  };
  void connect();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
