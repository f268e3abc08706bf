/** Every GraphQL module the API serves, in schema order. */
import type { Registry } from '../registry/registry.js';
import type { GraphQLModule } from './module.js';
import { commonModule } from './common-module.js';
import { organizationModule } from './organization-module.js';
import { resourcesModule } from './resources-module.js';
import { webhookModule } from '../webhooks/webhook-module.js';

export function graphqlModules(registry: Registry): readonly GraphQLModule[] {
  return [commonModule, organizationModule, resourcesModule(registry), webhookModule];
}
