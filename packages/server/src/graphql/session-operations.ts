/**
 * What a request may run when it presents no API key, read from its GraphQL document before execution:
 *
 * - **No credential:** only `signIn` and `signUp` (a mutation of nothing else).
 * - **A session awaiting its second factor** (`verifying`): only `validateVerificationToken`.
 * - **A client's session:** the client's own record and nothing else: `currentUser`, `user` (no `id`, or
 *   the client's own), `updateUser` (no `id`, or the client's own), `toggle2Fa` (the client's own id),
 *   `validateVerificationToken`, `signIn`.
 *   What the record links to (their appointments, documents, provider) is read through its fields.
 * - **A member's session** (a provider of the organization): what an API key of that member may do.
 *
 * Anything unreadable (a fragment at the root, an argument the check cannot resolve) is refused.
 */
import {
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import type { Principal } from '../tenants/api-keys.js';
import { clientReachRefusal } from './client-reach.js';

/** A GraphQL request's document and variables (POST body or GET query string). */
export interface GraphQLParams {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export const PUBLIC_MUTATIONS = ['signIn', 'signUp'] as const;
const INTROSPECTION = ['__typename', '__schema', '__type'];

type Variables = Record<string, unknown>;

/** The operation the request runs, its document and its variables, or null when it cannot be told. */
function operationOf(
  params: GraphQLParams,
): { document: DocumentNode; operation: OperationDefinitionNode; variables: Variables } | null {
  if (typeof params.query !== 'string') return null;
  let document;
  try {
    document = parse(params.query);
  } catch {
    // Mercurius answers the syntax error; nothing runs.
    return null;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const name = typeof params.operationName === 'string' ? params.operationName : undefined;
  const operation =
    name === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((o) => o.name?.value === name);
  if (!operation) return null;
  const raw = typeof params.variables === 'string' ? safeJson(params.variables) : params.variables;
  const variables = raw !== null && typeof raw === 'object' ? (raw as Variables) : {};
  return { document, operation, variables };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The root fields of the operation; null when any root selection is a fragment. */
function rootFields(operation: OperationDefinitionNode): FieldNode[] | null {
  const fields: FieldNode[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    fields.push(selection);
  }
  return fields;
}

/** A value node with its variables filled in (`undefined` for a variable not given). */
function valueOf(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.NULL:
      return null;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
  }
}

function argument(field: FieldNode, name: string, variables: Variables): unknown {
  const node = field.arguments?.find((a) => a.name.value === name);
  return node ? valueOf(node.value, variables) : undefined;
}

/** An id argument that names the user, or none (the caller by default). */
function namesSelf(value: unknown, userId: number): boolean {
  return value === undefined || value === null || value === '' || String(value) === String(userId);
}

function clientMayRun(field: FieldNode, variables: Variables, userId: number): boolean {
  const name = field.name.value;
  if (INTROSPECTION.includes(name) || name === 'currentUser') return true;
  if (name === 'user') return namesSelf(argument(field, 'id', variables), userId);
  if (name === 'updateUser') {
    const input = argument(field, 'input', variables);
    if (input === undefined || input === null) return true;
    return typeof input === 'object' && namesSelf((input as Record<string, unknown>).id, userId);
  }
  if (name === 'toggle2Fa') {
    const input = argument(field, 'input', variables);
    return (
      typeof input === 'object' &&
      input !== null &&
      String((input as Record<string, unknown>).id) === String(userId)
    );
  }
  return name === 'validateVerificationToken' || name === 'signIn';
}

/**
 * Why the principal may not run the request, or null when it may. API keys and members' sessions are not
 * narrowed here.
 */
export function refusal(principal: Principal, params: GraphQLParams, schema?: GraphQLSchema): string | null {
  if (
    !principal.anonymous &&
    principal.session?.state !== 'verifying' &&
    principal.session?.userType !== 'patient'
  )
    return null;
  const parsed = operationOf(params);
  const fields = parsed ? rootFields(parsed.operation) : null;
  if (!parsed || !fields) return 'This request cannot be run without an API key.';
  const { operation, variables } = parsed;
  const isMutation = operation.operation === OperationTypeNode.MUTATION;
  if (principal.anonymous) {
    const ok =
      isMutation && fields.every((f) => (PUBLIC_MUTATIONS as readonly string[]).includes(f.name.value));
    return ok
      ? null
      : 'Missing API key: send Authorization: Basic <api key> (only signIn and signUp run without one).';
  }
  if (principal.session?.state === 'verifying') {
    const ok = isMutation && fields.every((f) => f.name.value === 'validateVerificationToken');
    return ok ? null : 'Finish signing in first: send the emailed code with validateVerificationToken.';
  }
  const own =
    "A client's session reads and changes only the client's own record (currentUser, user, updateUser).";
  if (!fields.every((f) => clientMayRun(f, variables, principal.userId))) return own;
  if (!schema) return null;
  for (const field of fields) {
    if (field.name.value.startsWith('__')) continue;
    const returns = isMutation ? 'payload' : 'record';
    const beyond = clientReachRefusal(schema, parsed.document, {
      name: field.name.value,
      selectionSet: field.selectionSet,
      returns,
    });
    if (beyond) return `${own} Another person's ${beyond} is not the client's to read.`;
  }
  return null;
}
