/**
 * Where carehooks' GraphQL schema differs from Healthie's published one, for what carehooks exposes:
 * mutations (every input field, nested inputs included, and every payload field), read-back queries (every
 * Query field returning one of carehooks' resource types, with its arguments) and the fields of every
 * object type both schemas have. Healthie's side comes from test/fixtures/healthie-schema-facts.json (names
 * and types only, written by scripts/healthie-facts.mjs).
 */
import fs from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputObjectType,
  type GraphQLSchema,
} from 'graphql';
import { graphqlModules } from '../../src/app/graphql-modules.js';
import { buildServerRegistry } from '../../src/app/registry.js';
import { composeSchema } from '../../src/graphql/module.js';

type TypeText = string;
type OutputFieldFacts = TypeText | { type: TypeText; args: Record<string, TypeText> };

export interface HealthieFacts {
  query: Record<string, { type: TypeText; args: Record<string, TypeText> }>;
  mutation: Record<string, { type: TypeText; args: Record<string, TypeText> }>;
  objects: Record<string, Record<string, OutputFieldFacts>>;
  inputs: Record<string, Record<string, TypeText>>;
  enums: Record<string, string[]>;
}

export function loadHealthieFacts(): HealthieFacts {
  const file = new URL('../fixtures/healthie-schema-facts.json', import.meta.url);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as HealthieFacts;
}

export function carehooksSchema(): GraphQLSchema {
  return buildSchema(composeSchema(graphqlModules(buildServerRegistry())).schema);
}

/** The resource types carehooks serves (the registry's), which decide which queries must exist. */
export function resourceTypeNames(): Set<string> {
  return new Set(buildServerRegistry().resources.map((r) => r.type));
}

const named = (type: TypeText) => type.replace(/[[\]!]/g, '');

export type GapKind =
  | 'missing input'
  | 'mistyped input'
  | 'missing payload field'
  | 'mistyped payload field'
  | 'missing query'
  | 'missing argument'
  | 'mistyped argument'
  | 'missing field'
  | 'mistyped field';

export interface Gap {
  kind: GapKind;
  /** Where: `createClient(input.first_name)`, `Query.users(keywords)`, `User.next_appt_date`. */
  at: string;
  /** Healthie's type, and ours when mistyped. */
  healthie: TypeText;
  ours?: TypeText;
}

export const gapText = (g: Gap): string =>
  `${g.kind}: ${g.at} ${g.healthie}${g.ours === undefined ? '' : ` (ours ${g.ours})`}`;

function compareArgs(
  gaps: Gap[],
  at: string,
  theirs: Record<string, TypeText>,
  ours: readonly GraphQLArgument[],
  facts: HealthieFacts,
  visited: Set<string>,
): void {
  const mine = new Map(ours.map((a) => [a.name, a]));
  for (const [name, type] of Object.entries(theirs)) {
    const arg = mine.get(name);
    if (!arg) gaps.push({ kind: 'missing argument', at: `${at}(${name})`, healthie: type });
    else if (String(arg.type) !== type)
      gaps.push({ kind: 'mistyped argument', at: `${at}(${name})`, healthie: type, ours: String(arg.type) });
    else {
      const input = getNamedType(arg.type);
      if (isInputObjectType(input))
        compareInput(gaps, `${at}(${name}`, named(type), input, facts, visited, ')');
    }
  }
}

/** An input type's fields, recursing into nested input types both schemas name alike. */
function compareInput(
  gaps: Gap[],
  at: string,
  healthieName: string,
  ours: GraphQLInputObjectType,
  facts: HealthieFacts,
  visited: Set<string>,
  close = '',
): void {
  const theirs = facts.inputs[healthieName];
  if (!theirs || visited.has(`${at}:${healthieName}`)) return;
  visited.add(`${at}:${healthieName}`);
  const mine = ours.getFields();
  for (const [name, type] of Object.entries(theirs)) {
    const where = `${at}.${name}${close}`;
    const field = mine[name];
    if (!field) gaps.push({ kind: 'missing input', at: where, healthie: type });
    else if (String(field.type) !== type)
      gaps.push({ kind: 'mistyped input', at: where, healthie: type, ours: String(field.type) });
    else {
      const nested = getNamedType(field.type);
      if (isInputObjectType(nested) && nested.name !== ours.name)
        compareInput(gaps, `${at}.${name}`, named(type), nested, facts, visited, close);
    }
  }
}

export function schemaGaps(schema = carehooksSchema(), facts = loadHealthieFacts()): Gap[] {
  const gaps: Gap[] = [];
  const visited = new Set<string>();
  const mutations = schema.getMutationType()?.getFields() ?? {};
  for (const [name, mutation] of Object.entries(mutations)) {
    const theirs = facts.mutation[name];
    if (!theirs) continue;
    compareArgs(gaps, name, theirs.args, mutation.args, facts, visited);
    const payload = getNamedType(mutation.type);
    const healthiePayload = facts.objects[named(theirs.type)];
    if (!healthiePayload || !(isObjectType(payload) || isInterfaceType(payload))) continue;
    const fields = payload.getFields();
    for (const [field, facts] of Object.entries(healthiePayload)) {
      const type = typeof facts === 'string' ? facts : facts.type;
      const mine = fields[field];
      if (!mine) gaps.push({ kind: 'missing payload field', at: `${name} → ${field}`, healthie: type });
      else if (String(mine.type) !== type)
        gaps.push({
          kind: 'mistyped payload field',
          at: `${name} → ${field}`,
          healthie: type,
          ours: String(mine.type),
        });
    }
  }

  const resources = resourceTypeNames();
  const queries = schema.getQueryType()?.getFields() ?? {};
  for (const [name, query] of Object.entries(facts.query)) {
    if (!resources.has(named(query.type))) continue;
    const mine = queries[name];
    if (!mine) gaps.push({ kind: 'missing query', at: `Query.${name}`, healthie: query.type });
    else compareArgs(gaps, `Query.${name}`, query.args, mine.args, facts, visited);
  }

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    if (type === schema.getQueryType() || type === schema.getMutationType()) continue;
    // Payload types are compared above, through their mutation.
    if (type.name.endsWith('Payload')) continue;
    const theirs = facts.objects[type.name];
    if (!theirs) continue;
    const fields = type.getFields();
    for (const [field, facts] of Object.entries(theirs)) {
      const typeText = typeof facts === 'string' ? facts : facts.type;
      const mine = fields[field];
      const at = `${type.name}.${field}`;
      if (!mine) gaps.push({ kind: 'missing field', at, healthie: typeText });
      else if (String(mine.type) !== typeText)
        gaps.push({ kind: 'mistyped field', at, healthie: typeText, ours: String(mine.type) });
    }
  }
  return gaps;
}
