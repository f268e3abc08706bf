/**
 * The recipe of the one event no area emits: a webhook's test send (webhooks/ sits above the areas). Every
 * other hand-written recipe lives with its area, bound as its `triggers` (see registry/trigger-kit.ts).
 */
import { mutate, type Recipe, type TriggerContext } from '../../registry/trigger-kit.js';

const PAGE_SIZE = 100;

export const webhookRecipes: Record<string, Recipe> = {
  // A test send goes to one webhook, so each enabled webhook of the organization that subscribes to
  // test.created gets its own. The trigger's own webhook gets one too: its delivery carries the id printed
  // (each send has its own id) and shows that the server delivers.
  'test.created': async (ctx) => {
    const own = await ctx.observer.webhookId();
    for (const id of await subscribedWebhooks(ctx, 'test.created')) {
      if (id !== own) await mutate(ctx, 'sendTestWebhook', { id }, 'sent');
    }
    return ctx.observer.watch(
      'test.created',
      () => mutate(ctx, 'sendTestWebhook', { id: own }, 'sent'),
      () => true,
    );
  },
};

/** Event types the webhook recipes read back from the trigger's own deliveries (see observer.ts). */
export const WEBHOOK_OBSERVED = ['test.created'] as const;

interface ListedWebhook {
  id: string;
  is_enabled: boolean;
  signature_secret: string | null;
  webhook_events: Array<{ event_type: string }> | null;
}

/**
 * The enabled webhooks of the caller's own organization that subscribe to `eventType`. Sub-organizations'
 * webhooks are listed too but are not the caller's to send to; theirs are the ones without a secret.
 */
async function subscribedWebhooks(ctx: TriggerContext, eventType: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const { webhooks } = (await ctx.api.query(
      'query($offset: Int, $page_size: Int) { webhooks(offset: $offset, page_size: $page_size) { id is_enabled signature_secret webhook_events { event_type } } }',
      { offset, page_size: PAGE_SIZE },
    )) as { webhooks: ListedWebhook[] | null };
    for (const webhook of webhooks ?? []) {
      const subscribed = webhook.webhook_events?.some((event) => event.event_type === eventType);
      if (subscribed && webhook.is_enabled && webhook.signature_secret !== null) ids.push(webhook.id);
    }
    if ((webhooks?.length ?? 0) < PAGE_SIZE) return ids;
  }
}
