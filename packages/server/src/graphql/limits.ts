/**
 * Limits on what one GraphQL operation may ask for, before anything runs:
 *
 * - **Depth:** the deepest selection of data fields. Introspection (`__schema`, `__type`) is exempt, so
 *   clients' standard introspection queries (depth 15 and more) pass; graphql-js's own
 *   MaxIntrospectionDepthRule keeps those from nesting type lists into each other.
 * - **Cost:** every selected field costs one, and a list field multiplies the cost of its selection by
 *   the rows it will really read (see `rowsRead`): its page size whether a literal or a variable, clamped
 *   to MAX_PAGE_SIZE as the lists clamp it, or the whole capped list when it does not paginate. Inside
 *   introspection only lists cost, a fixed amount each, so the standard introspection query costs about
 *   450 and aliasing type lists over and over does not pass.
 *
 * Depth does not depend on variables and is a validation rule (Mercurius caches it with the document);
 * cost does, and is computed for every request in a `preExecution` hook.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../registry/queries.js';
import { fieldsOf, namedTypeOf } from './schema-shapes.js';

const PAGE_SIZE_ARGUMENTS = new Set(['first', 'page_size', 'per_page', 'limit']);
/** Healthie's switch between a page and the whole (capped) list. */
const PAGINATE_ARGUMENT = 'should_paginate';
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
/** Introspection fields that list types or their members; the only ones that cost inside introspection. */
const INTROSPECTION_LISTS = new Set([
  'types',
  'directives',
  'fields',
  'args',
  'inputFields',
  'enumValues',
  'interfaces',
  'possibleTypes',
]);
/** Cost of one list inside `__schema` (it spans the whole schema) and inside `__type` (one type). */
export const SCHEMA_LIST_COST = 50;
export const TYPE_LIST_COST = 5;

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** The deepest data-field selection under `set`; introspection subtrees count as nothing. */
function depthOf(set: SelectionSetNode | undefined, fragments: Fragments, seen: ReadonlySet<string>): number {
  let deepest = 0;
  for (const selection of set?.selections ?? []) {
    let depth: number;
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      depth = 1 + depthOf(selection.selectionSet, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue; // a cycle; graphql-js reports it
      depth = depthOf(fragments.get(name)?.selectionSet, fragments, new Set(seen).add(name));
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** A validation rule: no operation may select data fields deeper than `maximum`. */
export function depthLimit(maximum: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > maximum) {
          context.reportError(
            new GraphQLError(
              `Query is too deep: depth ${depth} exceeds the limit of ${maximum}` +
                ` (${operation.name?.value ?? 'anonymous operation'}).`,
              { nodes: [operation], extensions: { code: 'QUERY_TOO_DEEP', depth, limit: maximum } },
            ),
          );
        }
      },
    };
  };
}

type Variables = Readonly<Record<string, unknown>>;

/**
 * Whether a list field pages when the client does not say (`should_paginate` left out); undefined when
 * unknown, which counts as not paging (a whole list of MAX_PAGE_SIZE rows).
 */
export type PaginatesByDefault = (type: string, field: string) => boolean | undefined;

/** The value an argument is given: a literal Int or Boolean, or a variable's value or default. */
function argumentValue(
  node: FieldNode,
  name: (argument: string) => boolean,
  walk: CostWalk,
): { given: boolean; value: unknown } {
  const arg = node.arguments?.find((a) => name(a.name.value));
  if (!arg) return { given: false, value: undefined };
  const { value } = arg;
  if (value.kind === Kind.INT) return { given: true, value: Number(value.value) };
  if (value.kind === Kind.BOOLEAN) return { given: true, value: value.value };
  if (value.kind !== Kind.VARIABLE) return { given: true, value: undefined };
  const variable = value.name.value;
  if (variable in walk.variables) return { given: true, value: walk.variables[variable] };
  const declared = walk.operation.variableDefinitions?.find((d) => d.variable.name.value === variable);
  const fallback = declared?.defaultValue;
  if (fallback?.kind === Kind.INT) return { given: true, value: Number(fallback.value) };
  if (fallback?.kind === Kind.BOOLEAN) return { given: true, value: fallback.value };
  return { given: true, value: undefined };
}

/**
 * The rows a list field reads, so its selection's cost is multiplied by it:
 * - with `should_paginate` false (given, or the list's default), a whole list of MAX_PAGE_SIZE rows;
 * - otherwise its page-size argument (literal, variable or the argument's default), clamped to
 *   1…MAX_PAGE_SIZE as the lists clamp it, DEFAULT_PAGE_SIZE when none is given;
 * - 1 for a field that takes neither argument.
 */
function rowsRead(
  node: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  parent: string | undefined,
  walk: CostWalk,
): number {
  const page = argumentValue(node, (name) => PAGE_SIZE_ARGUMENTS.has(name), walk);
  const paginate = argumentValue(node, (name) => name === PAGINATE_ARGUMENT, walk);
  const declaredPage = definition?.args.find((a) => PAGE_SIZE_ARGUMENTS.has(a.name));
  const declaresPaginate = definition?.args.some((a) => a.name === PAGINATE_ARGUMENT) ?? false;
  if (paginate.given || declaresPaginate) {
    const byDefault = parent ? walk.paginatesByDefault?.(parent, node.name.value) : undefined;
    const pages = typeof paginate.value === 'boolean' ? paginate.value : (byDefault ?? false);
    if (!pages) return MAX_PAGE_SIZE;
  } else if (!page.given && !declaredPage) {
    return 1;
  }
  const given = page.value ?? declaredPage?.defaultValue ?? DEFAULT_PAGE_SIZE;
  const size = typeof given === 'number' && Number.isFinite(given) ? Math.trunc(given) : DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
}

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Variables;
  operation: OperationDefinitionNode;
  maximum: number;
  paginatesByDefault: PaginatesByDefault | undefined;
}

/** Introspection: only lists cost, `perList` each; nothing is multiplied. */
function introspectionCost(
  set: SelectionSetNode | undefined,
  walk: CostWalk,
  perList: number,
  seen: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_LISTS.has(selection.name.value)) total += perList;
      total += introspectionCost(selection.selectionSet, walk, perList, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += introspectionCost(selection.selectionSet, walk, perList, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      const fragment = walk.fragments.get(name)?.selectionSet;
      total += introspectionCost(fragment, walk, perList, new Set(seen).add(name));
    }
    if (total > walk.maximum) return total;
  }
  return total;
}

function selectionCost(
  set: SelectionSetNode | undefined,
  parent: GraphQLNamedType | null | undefined,
  walk: CostWalk,
  seen: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__schema' || name === '__type') {
        const perList = name === '__schema' ? SCHEMA_LIST_COST : TYPE_LIST_COST;
        total += 1 + introspectionCost(selection.selectionSet, walk, perList, seen);
      } else {
        const definition = fieldsOf(parent)?.[name];
        const inner = selection.selectionSet
          ? selectionCost(selection.selectionSet, definition && namedTypeOf(definition.type), walk, seen)
          : 0;
        total += 1 + inner * rowsRead(selection, definition, parent?.name, walk);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      const type = condition ? walk.schema.getType(condition) : parent;
      total += selectionCost(selection.selectionSet, type, walk, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      const fragment = walk.fragments.get(name);
      const type = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      total += selectionCost(fragment?.selectionSet, type, walk, new Set(seen).add(name));
    }
    if (total > walk.maximum) return total;
  }
  return total;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode) {
  return schema.getRootType(operation.operation);
}

/**
 * The cost of each operation of `document` with these variables (the walk stops a little past `maximum`,
 * so the number may be lower than the full cost of a far too costly operation).
 */
export function operationCosts(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables | undefined,
  maximum: number,
  paginatesByDefault?: PaginatesByDefault,
): Array<{ operation: OperationDefinitionNode; cost: number }> {
  const fragments = fragmentsOf(document);
  const costs: Array<{ operation: OperationDefinitionNode; cost: number }> = [];
  for (const operation of document.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    const walk: CostWalk = {
      schema,
      fragments,
      variables: variables ?? {},
      operation,
      maximum,
      paginatesByDefault,
    };
    costs.push({
      operation,
      cost: selectionCost(operation.selectionSet, rootType(schema, operation), walk, new Set()),
    });
  }
  return costs;
}

/** The error for the first operation of `document` that costs more than `maximum`, if any. */
export function costError(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables | undefined,
  maximum: number,
  paginatesByDefault?: PaginatesByDefault,
): GraphQLError | undefined {
  for (const { operation, cost } of operationCosts(
    schema,
    document,
    variables,
    maximum,
    paginatesByDefault,
  )) {
    if (cost > maximum) {
      return new GraphQLError(
        `Query is too complex: its cost (${cost} or more) exceeds the limit of ${maximum}. Each field costs 1 and a ` +
          `list multiplies its fields by its page size (at most ${MAX_PAGE_SIZE}); ask for fewer fields or ` +
          `smaller pages.`,
        { nodes: [operation], extensions: { code: 'QUERY_TOO_COMPLEX', cost, limit: maximum } },
      );
    }
  }
  return undefined;
}
