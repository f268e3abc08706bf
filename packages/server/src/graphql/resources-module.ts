/** The registry's resources as GraphQL: types, by-id and list queries, standard and special mutations. */
import { registry } from '../app/areas.js';
import type { GraphQLModule } from './module.js';
import { buildResolvers } from './resources/resolvers.js';
import { renderSdl } from './resources/sdl.js';

const sdl = renderSdl(registry);

export const resourcesModule: GraphQLModule = {
  typeDefs: sdl.typeDefs,
  queryFields: sdl.queryFields,
  mutationFields: sdl.mutationFields,
  resolvers: buildResolvers(registry),
};
