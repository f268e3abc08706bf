/**
 * A GraphQL module contributes types, Query and Mutation fields, and their resolvers. The schema is the
 * sum of its modules, so each area (organizations, resources, webhooks) stays in its own file.
 */
import type { IResolvers } from 'mercurius';

export interface GraphQLModule {
  /** Object, input and enum types (SDL). */
  typeDefs?: string;
  /** Field definitions inside `type Query { … }` (SDL, without the braces). */
  queryFields?: string;
  /** Field definitions inside `type Mutation { … }` (SDL, without the braces). */
  mutationFields?: string;
  resolvers?: IResolvers;
}

export function composeSchema(modules: readonly GraphQLModule[]): {
  schema: string;
  resolvers: IResolvers;
} {
  const parts = modules.map((m) => m.typeDefs ?? '');
  const query = modules.map((m) => m.queryFields ?? '').join('\n');
  const mutation = modules.map((m) => m.mutationFields ?? '').join('\n');
  parts.push(`type Query {\n${query}\n}`);
  if (mutation.trim()) parts.push(`type Mutation {\n${mutation}\n}`);

  const resolvers: Record<string, Record<string, unknown>> = {};
  for (const module of modules) {
    for (const [typeName, fields] of Object.entries(module.resolvers ?? {})) {
      const target = (resolvers[typeName] ??= {});
      for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
        if (field in target) throw new Error(`Two GraphQL modules resolve ${typeName}.${field}`);
        target[field] = resolver;
      }
    }
  }
  return { schema: parts.join('\n\n'), resolvers: resolvers as IResolvers };
}
