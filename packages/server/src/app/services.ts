/** The long-lived parts of one process, built once and handed to the API and the workers. */
import type { ApiServices } from '../graphql/context.js';
import type { ServerConfig } from './config.js';

export interface Services extends ApiServices {
  config: ServerConfig;
}
