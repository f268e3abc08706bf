/**
 * What kind of GraphQL type a schema's type is, read from the type itself. graphql-js's `isObjectType` and
 * friends use `instanceof`, which fails (or, in development, throws) when the schema was built by another
 * copy of graphql-js than the caller's: Mercurius loads graphql as CommonJS while test runners may load
 * the ES module build. Each graphql-js type class names itself through `Symbol.toStringTag`.
 */
import type { GraphQLField, GraphQLNamedType, GraphQLType } from 'graphql';

const tag = (type: unknown): string => Object.prototype.toString.call(type).slice(8, -1);

const isWrapping = (type: GraphQLType): type is GraphQLType & { ofType: GraphQLType } =>
  tag(type) === 'GraphQLList' || tag(type) === 'GraphQLNonNull';

export function namedTypeOf(type: GraphQLType): GraphQLNamedType {
  let unwrapped = type;
  while (isWrapping(unwrapped)) unwrapped = unwrapped.ofType;
  return unwrapped as GraphQLNamedType;
}

/** A list, possibly non-null (`[T]`, `[T]!`). */
export function isListOf(type: GraphQLType): boolean {
  const nullable = tag(type) === 'GraphQLNonNull' ? (type as { ofType: GraphQLType }).ofType : type;
  return tag(nullable) === 'GraphQLList';
}

/** A scalar or an enum: a value with no selection. */
export function isLeaf(type: GraphQLType): boolean {
  const named = tag(namedTypeOf(type));
  return named === 'GraphQLScalarType' || named === 'GraphQLEnumType';
}

export function isObject(type: unknown): boolean {
  return tag(type) === 'GraphQLObjectType';
}

/** The fields of an object or interface type; undefined for other types. */
export function fieldsOf(
  type: GraphQLNamedType | null | undefined,
): Record<string, GraphQLField<unknown, unknown>> | undefined {
  const kind = tag(type);
  return kind === 'GraphQLObjectType' || kind === 'GraphQLInterfaceType'
    ? (type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()
    : undefined;
}
