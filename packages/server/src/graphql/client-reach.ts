/**
 * How far a client's session may reach from the client's own record. Every record a query reads is in
 * the organization's scope, not the client's, so without this a client could walk from their provider to
 * the provider's other clients. The rule, checked on the document before it runs:
 *
 * - The client's own record (the root `currentUser` / `user`, the `user` of a mutation's payload) and the
 *   records it holds (appointments, documents, conversations, …) may be read in full.
 * - Any other user reached from there (a provider, a note's author) shows only who they are: `id`,
 *   `first_name`, `last_name`, `full_name`, `qualifications`; an organization only its `id` and `name`.
 * - A list of users is never read (a group's members, a provider's clients, the staff).
 */
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * Types are read by shape, not with graphql's `is…Type` checks: the schema comes from Mercurius, which may
 * load graphql's CommonJS build while this module loads its ES one, and those checks refuse types of the
 * other build.
 */
interface Composite {
  name: string;
  getFields(): Record<string, GraphQLField<unknown, unknown>>;
}

type AnyType = { ofType?: AnyType; name?: string; getFields?: unknown };

function namedType(type: unknown): AnyType | undefined {
  let current = type as AnyType | undefined;
  while (current?.ofType) current = current.ofType;
  return current;
}

/** `[User]`, `[User!]!`: a list, whatever its nullability. */
const isList = (type: unknown) => String(type).replace(/!$/, '').startsWith('[');

function composite(type: unknown): Composite | undefined {
  const named = namedType(type);
  return named && typeof named.getFields === 'function' ? (named as unknown as Composite) : undefined;
}

const PUBLIC: Record<string, readonly string[]> = {
  User: ['id', 'first_name', 'last_name', 'full_name', 'qualifications'],
  Organization: ['id', 'name'],
};

/** Payload fields of the client's mutations that hold the client's own record. */
const OWN_IN_PAYLOAD = ['user', 'currentUser', 'current_user'];

type Mode = 'free' | 'public';

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  seen: Set<string>;
}

/** The first field the client may not read, as `Type.field`, or null. */
function firstRefused(
  walk: Walk,
  set: SelectionSetNode,
  parent: Composite | undefined,
  mode: Mode,
): string | null {
  if (!parent) return null;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment) return `...${name}`;
      if (walk.seen.has(name)) continue;
      walk.seen.add(name);
      const type = composite(walk.schema.getType(fragment.typeCondition.name.value)) ?? parent;
      const refused = firstRefused(walk, fragment.selectionSet, type, mode);
      walk.seen.delete(name);
      if (refused) return refused;
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      const type = (condition && composite(walk.schema.getType(condition))) || parent;
      const refused = firstRefused(walk, selection.selectionSet, type, mode);
      if (refused) return refused;
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__')) continue;
    const where = `${parent.name}.${name}`;
    const shown = PUBLIC[parent.name];
    if (mode === 'public' && shown && !shown.includes(name)) return where;
    const field = parent.getFields()[name];
    if (!field) return where;
    const named = namedType(field.type)?.name ?? '';
    if (named === 'User' && isList(field.type)) return where;
    if (!selection.selectionSet) continue;
    const next: Mode = named in PUBLIC ? 'public' : mode;
    const refused = firstRefused(walk, selection.selectionSet, composite(field.type), next);
    if (refused) return refused;
  }
  return null;
}

/**
 * The first field of the operation's root `field` a client's session may not read, or null. `own` says
 * whether the root field returns the client's own record (a query) or a payload holding it (a mutation).
 */
export function clientReachRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  root: { name: string; selectionSet?: SelectionSetNode | undefined; returns: 'record' | 'payload' },
): string | null {
  if (!root.selectionSet) return null;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const walk: Walk = { schema, fragments, seen: new Set() };
  const rootType = root.returns === 'record' ? schema.getQueryType() : schema.getMutationType();
  const type = composite(rootType?.getFields()[root.name]?.type);
  if (!type) return null;
  if (root.returns === 'record') return firstRefused(walk, root.selectionSet, type, 'free');
  // A payload: its own-record fields are free, anything else (a note, a task) by the usual rule.
  for (const selection of root.selectionSet.selections) {
    const own = selection.kind === Kind.FIELD && OWN_IN_PAYLOAD.includes(selection.name.value);
    const user = composite(schema.getType('User'));
    const refused =
      own && user
        ? selection.selectionSet && firstRefused(walk, selection.selectionSet, user, 'free')
        : firstRefused(walk, { kind: Kind.SELECTION_SET, selections: [selection] }, type, 'free');
    if (refused) return refused;
  }
  return null;
}
