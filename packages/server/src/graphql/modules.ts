/** Every GraphQL module the API serves, in schema order. */
import type { GraphQLModule } from './module.js';
import { commonModule } from './common-module.js';
import { organizationModule } from './organization-module.js';
import { resourcesModule } from './resources-module.js';
import { webhookModule } from '../webhooks/webhook-module.js';

export const graphqlModules: readonly GraphQLModule[] = [
  commonModule,
  organizationModule,
  resourcesModule,
  webhookModule,
];
