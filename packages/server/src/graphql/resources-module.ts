/** The registry's resources as GraphQL: types, by-id and list queries, standard and special mutations. */
import type { Registry } from '../registry/registry.js';
import type { GraphQLModule } from './module.js';
import { buildResolvers } from './resources/resolvers.js';
import { renderSdl } from './resources/sdl.js';

export function resourcesModule(registry: Registry): GraphQLModule {
  const sdl = renderSdl(registry);
  return {
    typeDefs: sdl.typeDefs,
    queryFields: sdl.queryFields,
    mutationFields: sdl.mutationFields,
    resolvers: buildResolvers(registry),
  };
}
