/** Types every other module shares: validation errors, timestamps and list cursors. */
import type { GraphQLModule } from './module.js';

export const commonModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    "An opaque position in a list, passed back as after: to read the rows that follow."
    scalar Cursor

    "A date and time in ISO-8601, in UTC with milliseconds, e.g. 2025-01-31T09:30:00.000Z."
    scalar ISO8601DateTime

    "A problem with one input field; the mutation wrote nothing."
    type FieldError {
      field: String
      message: String!
    }
  `,
};
