/** Every GraphQL module the API serves, in schema order: the composition root chooses them. */
import { commonModule } from '../graphql/common-module.js';
import type { GraphQLModule } from '../graphql/module.js';
import { organizationModule } from '../graphql/organization-module.js';
import { resourcesModule } from '../graphql/resources-module.js';
import type { Registry } from '../registry/index.js';
import { webhookModule } from '../webhooks/webhook-module.js';

export function graphqlModules(registry: Registry): readonly GraphQLModule[] {
  return [commonModule, organizationModule, resourcesModule(registry), webhookModule];
}
