/**
 * The coverage table (docs/healthie-coverage.md): per mutation, each input and what it does; per query,
 * its arguments; per resource type, each field and where its value comes from. Generated from the
 * registry, so it cannot drift from what the API does.
 */
import type { AnyField } from '../../src/registry/fields.js';
import { inputType, type AnyResource, type Registry } from '../../src/registry/resource.js';

const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** Inputs and arguments accepted without any effect: the list that must only shrink. */
export function ignoredInputs(registry: Registry): string[] {
  const found: string[] = [];
  for (const r of registry.resources) {
    for (const spec of Object.values(r.mutations)) {
      for (const name of Object.keys(spec.ignored ?? {})) found.push(`${spec.name}(input.${name})`);
    }
    for (const name of Object.keys(r.byId?.ignored ?? {})) found.push(`Query.${r.byId!.name}(${name})`);
    for (const name of Object.keys(r.list?.ignored ?? {})) found.push(`Query.${r.list!.name}(${name})`);
  }
  return found.sort();
}

function mutationSection(r: AnyResource): string[] {
  const out: string[] = [];
  for (const [action, spec] of Object.entries(r.mutations)) {
    const rows: string[][] = [];
    if (action !== 'create') rows.push(['id', spec.idType ?? 'ID', `the ${r.type} to ${action}`]);
    if (action !== 'delete') {
      for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
        if (f.writable === 'both' || f.writable === action)
          rows.push([name, f.input, `stored; read back as \`${r.type}.${name}\``]);
      }
    }
    for (const [name, input] of Object.entries(spec.inputs ?? {})) {
      rows.push([name, inputType(input), typeof input === 'string' ? 'read by the mutation' : input.effect]);
    }
    if (spec.suppress) rows.push([spec.suppress, 'Boolean', 'when true, the mutation emits no event']);
    for (const [name, type] of Object.entries(spec.ignored ?? {}))
      rows.push([name, type, '**accepted, no effect**']);
    const names = [spec.name, ...(spec.aliases ?? []).map((a) => a.name)].join(' / ');
    out.push(`### ${names}\n\n${table(['input', 'type', 'effect'], rows)}`);
  }
  return out;
}

function typeSection(r: AnyResource): string {
  const rows: string[][] = [['id', r.idGql ?? 'ID!', 'stored']];
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    rows.push([name, f.gql, 'stored']);
    if (f.kind === 'ref' && f.object)
      rows.push([f.object, f.objectGql ?? f.target!, `the record \`${name}\` names`]);
  }
  for (const [name, many] of Object.entries(r.many ?? {}))
    rows.push([name, many.type, `${many.resource} records`]);
  for (const [name, c] of Object.entries(r.computed ?? {})) {
    rows.push([name, c.type, c.source === 'account-default' ? "Healthie's new-account value" : 'derived']);
  }
  rows.push(['created_at', 'String', 'stored'], ['updated_at', 'String', 'stored']);
  return `### ${r.type}\n\n${table(['field', 'type', 'source'], rows)}`;
}

export function coverageTable(registry: Registry): string {
  const resources = [...registry.resources].sort((a, b) => a.type.localeCompare(b.type));
  const special = [...registry.special].sort((a, b) => a.name.localeCompare(b.name));
  return [
    '# Healthie coverage',
    '',
    'What each mutation input does and where each field comes from, generated from the resource registry',
    '(`UPDATE_PARITY=1 npx vitest run packages/server/test/schema` rewrites it; do not edit by hand).',
    '',
    '## Mutations',
    '',
    ...resources.flatMap(mutationSection).map((s) => `${s}\n`),
    ...special.map(
      (s) =>
        `### ${s.name}\n\n${table(
          ['input', 'type', 'effect'],
          Object.entries(s.inputFields).map(([name, type]) => [name, type, 'read by the mutation']),
        )}\n`,
    ),
    '## Types',
    '',
    ...resources.map((r) => `${typeSection(r)}\n`),
  ].join('\n');
}
