/** Types every other module shares: validation errors, timestamps and list cursors. */
import type { GraphQLModule } from './module.js';

export const commonModule: GraphQLModule = {
  typeDefs: /* GraphQL */ `
    "An opaque position in a list, passed back as after: to read the rows that follow."
    scalar Cursor

    "A file. carehooks keeps no file contents: a file given as a data URL string (data:<type>;base64,...) is described by its content type; multipart uploads are not served."
    scalar Upload

    "A date and time in ISO-8601, in UTC with milliseconds, e.g. 2025-01-31T09:30:00.000Z."
    scalar ISO8601DateTime

    "A length of time in ISO-8601, e.g. P1D (a day) or PT2H30M (two and a half hours)."
    scalar ISO8601Duration

    "A UUID in its text form, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e."
    scalar UUID

    "A problem with one input field; the mutation wrote nothing."
    type FieldError {
      field: String
      message: String!
    }
  `,
};
