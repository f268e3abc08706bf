/** `currentUser` and `organization`: who the key belongs to. The `User` type comes from the resources module. */
import type { GraphQLModule } from './module.js';
import type { RequestContext } from './context.js';

export const organizationModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    "A practice; sub-organizations belong to a parent."
    type Organization {
      id: ID!
      name: String
      parent_id: ID
      owner: User
    }
  `,
  queryFields: /* GraphQL */ `
    "The user the API key belongs to."
    currentUser: User
    "The caller's organization, or one of its sub-organizations by id."
    organization(id: ID): Organization
  `,
  resolvers: {
    Query: {
      currentUser: (_root: unknown, _args: unknown, ctx: RequestContext) =>
        ctx.services.store.db
          .selectFrom('users')
          .selectAll()
          .where('id', '=', ctx.principal.userId)
          .executeTakeFirst(),
      organization: async (_root: unknown, args: { id?: string | null }, ctx: RequestContext) => {
        const id = args.id == null ? ctx.principal.organizationId : Number(args.id);
        if (!Number.isSafeInteger(id) || !(await ctx.scope()).includes(id)) return null;
        return ctx.services.store.db
          .selectFrom('organizations')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
      },
    },
    Organization: {
      owner: (org: { owner_user_id: number | null }, _args: unknown, ctx: RequestContext) =>
        org.owner_user_id === null
          ? null
          : ctx.services.store.db
              .selectFrom('users')
              .selectAll()
              .where('id', '=', org.owner_user_id)
              .executeTakeFirst(),
    },
  },
};
