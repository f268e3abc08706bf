/** The long-lived parts of one process, built once and handed to the API and the workers. */
import type { Logger } from 'pino';
import type { Outbox } from '../events/outbox.js';
import type { Registry } from '../registry/index.js';
import type { Store } from '../store/open-store.js';
import type { ServerConfig } from './config.js';

export interface Services {
  config: ServerConfig;
  store: Store;
  outbox: Outbox;
  logger: Logger;
  /** Every area's declarations, built once by the composition root. */
  registry: Registry;
}
