/**
 * The wire protocol as the server speaks it. Everything a receiver must agree on (header names, the
 * signing string) lives in `@carehooks/catalog/wire`, shared with `@carehooks/receiver`; the server's own
 * processes also agree on the PostgreSQL channel the outbox wakes delivery workers through.
 */
export * from '@carehooks/catalog/wire';

/** The channel the outbox NOTIFYs when it commits deliveries, and delivery workers LISTEN on. */
export const DELIVERY_CHANNEL = 'carehooks_deliveries';
