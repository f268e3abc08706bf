/**
 * The recipe of the one event no area emits: a webhook's test send (webhooks/ sits above the areas). Every
 * other hand-written recipe lives with its area, bound as its `triggers` (see registry/trigger-kit.ts).
 */
import { mutate, type Recipe } from '../../registry/trigger-kit.js';

export const webhookRecipes: Record<string, Recipe> = {
  // A test send goes to one webhook only: the trigger's own, whose delivery carries the id.
  'test.created': async (ctx) => {
    const webhook = await ctx.observer.webhookId();
    return ctx.observer.watch(
      'test.created',
      () => mutate(ctx, 'sendTestWebhook', { id: webhook }, 'sent'),
      () => true,
    );
  },
};

/** Event types the webhook recipes read back from the trigger's own deliveries (see observer.ts). */
export const WEBHOOK_OBSERVED = ['test.created'] as const;
