/** What every resolver receives: the caller, its tenant scope, and the services of this process. */
import type { MercuriusContext } from 'mercurius';
import type { Principal } from '../tenants/api-keys.js';
import type { Services } from '../app/services.js';

export interface CarehooksContext {
  principal: Principal;
  services: Services;
  /** The caller's organization and its sub-organizations; read once per request, on first use. */
  scope(): Promise<readonly number[]>;
}

declare module 'mercurius' {
  // Mercurius merges what the context function returns into its own context object.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MercuriusContext extends CarehooksContext {}
}

export type RequestContext = MercuriusContext;
