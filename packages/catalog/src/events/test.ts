import { event } from '../builder.js';

export const testEvents = [
  event('test.created', 'Test', {
    description: 'A sample event for checking that an endpoint receives and verifies deliveries.',
    mutations: [],
    triggers: 'a test send is requested for a webhook (sendTestWebhook); it stands for no real record',
    example: { resource_id: '12345' },
    decision:
      'No mutation is listed, as in the reference: sendTestWebhook posts this event to one chosen webhook directly instead of emitting it to subscribers.',
  }),
] as const;
