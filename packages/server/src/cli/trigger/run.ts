/**
 * One `carehooks trigger` run: each named event is produced through its recipe, in the order named, and
 * reported on its own line. A failure of one event does not stop the others; it sets the exit code.
 */
import { getEvent, type EventType } from '@carehooks/catalog';
import { Agent } from 'undici';
import type { Registry } from '../../registry/index.js';
import type { Recipe } from '../../registry/trigger-kit.js';
import { ServerUnreachableError } from '../listen/api-client.js';
import { createTriggerApi, NotYetTriggerable } from './client.js';
import { createContext } from './context.js';
import { createObserver } from './observer.js';
import { WEBHOOK_OBSERVED, webhookRecipes } from './recipes.js';
import { standardRecipes } from './standard.js';

export interface TriggerSettings {
  serverUrl: URL;
  apiKey: string;
  eventTypes: readonly EventType[];
  json: boolean;
}

export interface TriggerLine {
  event_type: string;
  resource_id: string;
  resource_id_type: string;
}

/**
 * Every recipe by event type: those derived from the declarations, overridden by the areas' own (their
 * `triggers`), and the webhook test send.
 */
export function recipes(registry: Registry): Map<string, Recipe> {
  const { recipes: special, updateHints } = registry.triggers;
  return new Map([
    ...standardRecipes(registry, updateHints),
    ...Object.entries(special),
    ...Object.entries(webhookRecipes),
  ]);
}

/** Event types the recipes read back from the trigger's own deliveries (see observer.ts), sorted. */
function observedEventTypes(registry: Registry): string[] {
  return [...registry.triggers.observed, ...WEBHOOK_OBSERVED].sort();
}

/** Runs the recipes; answers the exit code (1 when any event was not produced). */
export async function trigger(settings: TriggerSettings, registry: Registry): Promise<number> {
  const dispatcher = new Agent({ autoSelectFamily: true });
  const api = createTriggerApi(settings.serverUrl, settings.apiKey, dispatcher);
  const observer = createObserver(
    settings.serverUrl,
    settings.apiKey,
    dispatcher,
    observedEventTypes(registry),
  );
  const { createHints, creators } = registry.triggers;
  const ctx = createContext(api, registry, observer, createHints, creators);
  const all = recipes(registry);
  let failed = 0;
  try {
    for (const eventType of settings.eventTypes) {
      const recipe = all.get(eventType);
      try {
        if (!recipe) throw new NotYetTriggerable('no recipe produces it yet');
        const line: TriggerLine = {
          event_type: eventType,
          resource_id: await recipe(ctx),
          resource_id_type: getEvent(eventType)!.resource_id_type,
        };
        process.stdout.write(
          settings.json
            ? `${JSON.stringify(line)}\n`
            : `${line.event_type}  ${line.resource_id_type} ${line.resource_id}\n`,
        );
      } catch (error) {
        if (error instanceof ServerUnreachableError) throw error;
        failed++;
        const what = error instanceof NotYetTriggerable ? 'is not yet triggerable' : 'was not produced';
        process.stderr.write(`carehooks trigger: ${eventType} ${what}: ${(error as Error).message}\n`);
      }
    }
  } finally {
    await observer.close();
    await dispatcher.destroy();
  }
  if (failed > 0 && settings.eventTypes.length > 1) {
    process.stderr.write(
      `carehooks trigger: ${failed} of ${settings.eventTypes.length} events were not produced.\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}
