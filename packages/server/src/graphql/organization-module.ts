/** `currentUser` and `organization`: who the key belongs to. */
import type { GraphQLModule } from './module.js';
import type { RequestContext } from './context.js';

export const organizationModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    "A person in an organization: a provider or a patient."
    type User {
      id: ID!
      email: String
      first_name: String
      last_name: String
      full_name: String
      is_patient: Boolean
      organization: Organization
    }

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
    User: {
      full_name: (user: { first_name: string | null; last_name: string | null }) =>
        [user.first_name, user.last_name].filter(Boolean).join(' '),
      is_patient: (user: { user_type: string }) => user.user_type === 'patient',
      organization: (user: { organization_id: number }, _args: unknown, ctx: RequestContext) =>
        ctx.services.store.db
          .selectFrom('organizations')
          .selectAll()
          .where('id', '=', user.organization_id)
          .executeTakeFirst(),
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
