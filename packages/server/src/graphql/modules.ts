/** Every GraphQL module the API serves, in schema order. */
import type { GraphQLModule } from './module.js';
import { organizationModule } from './organization-module.js';

export const graphqlModules: readonly GraphQLModule[] = [organizationModule];
