/** What every resolver receives: the caller, its tenant scope, and the services of this process. */
import type { MercuriusContext } from 'mercurius';
import type { Logger } from 'pino';
import type { Outbox } from '../events/outbox.js';
import type { Registry } from '../registry/index.js';
import type { Store } from '../store/open-store.js';
import type { Principal } from '../tenants/api-keys.js';

/** The parts of the process the API's resolvers and internal routes use; the app supplies more. */
export interface ApiServices {
  store: Store;
  outbox: Outbox;
  logger: Logger;
  /** Every area's declarations, built once by the composition root. */
  registry: Registry;
  config: {
    /** Webhook URLs may point at private, loopback or link-local addresses. */
    readonly allowPrivateNetworks: boolean;
  };
}

export interface CarehooksContext {
  principal: Principal;
  services: ApiServices;
  /** The caller's organization and its sub-organizations; read once per request, on first use. */
  scope(): Promise<readonly number[]>;
}

declare module 'mercurius' {
  // Mercurius merges what the context function returns into its own context object.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends CarehooksContext {}
}

export type RequestContext = MercuriusContext;
