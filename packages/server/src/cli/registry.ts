/**
 * The registry for the commands that need it (serve, migrate, admin, trigger): built on first use and
 * kept for the rest of the process. Loaded on demand: the areas are most of a command's start-up time.
 */
import type { Registry } from '../registry/index.js';

let built: Promise<Registry> | undefined;

export function cliRegistry(): Promise<Registry> {
  return (built ??= import('../app/registry.js').then((m) => m.buildServerRegistry()));
}
