/**
 * Every stored input round-trips: for each resource with a standard create (and update) and a by-id query,
 * every field the mutation accepts is given a value, and reading the record back answers that value. A
 * field that is accepted but not stored, or stored but not answered, fails here, whatever its area. Records
 * the inputs depend on are made the way `carehooks trigger` makes them (the areas' hints and creators).
 */
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerRegistry } from '../../src/app/registry.js';
import { createTriggerApi } from '../../src/cli/trigger/client.js';
import { asInputType, createContext, sampleInput } from '../../src/cli/trigger/context.js';
import { createObserver, type Observer } from '../../src/cli/trigger/observer.js';
import type { AnyField } from '../../src/registry/fields.js';
import { inputType, type AnyResource } from '../../src/registry/resource.js';
import type { TriggerContext } from '../../src/registry/trigger-kit.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

const registry = buildServerRegistry();

/**
 * Fields whose answer is not the value given, by design (resource.field → why). Anything else that does
 * not round-trip is a defect.
 */
const TRANSFORMED: Record<string, string> = {};

type Action = 'create' | 'update';

const writable = (r: AnyResource, action: Action) =>
  (Object.entries(r.fields) as Array<[string, AnyField]>).filter(
    ([, f]) => f.writable === 'both' || f.writable === action,
  );

/** A value the field accepts, different per call so an update changes it. */
async function valueFor(ctx: TriggerContext, r: AnyResource, name: string, f: AnyField): Promise<unknown> {
  const n = ctx.next();
  switch (f.kind) {
    case 'text':
      return f.format === 'email' ? `rt.${process.pid}.${n}@example.com` : `${name} ${n}`;
    case 'int':
      return Math.min(Math.max(f.min ?? 1, n % 5) + 1, f.max ?? Number.MAX_SAFE_INTEGER);
    case 'float':
      return n + 0.5;
    case 'money':
      return `${n}.25`;
    case 'bool':
      return n % 2 === 0;
    case 'date':
      return `2031-02-${String((n % 27) + 1).padStart(2, '0')}`;
    case 'datetime':
      return `2031-02-${String((n % 27) + 1).padStart(2, '0')}T09:30:00.000Z`;
    case 'ref':
      return (r.uniqueBy as readonly string[] | undefined)?.includes(name)
        ? ctx.create(f.target!)
        : ctx.ensure(f.target!);
    case 'foreignId':
      return String(100 + n);
    case 'enum':
      return f.values![n % f.values!.length];
    case 'json':
      return { round: n };
  }
}

/** What the API answers for a stored value, in the field's output type. */
function answered(f: AnyField, value: unknown): unknown {
  const base = f.gql.replace(/[[\]!]/g, '');
  if (value === null) return null;
  if (f.kind === 'datetime') return new Date(String(value)).toISOString();
  if (base === 'ID' || base === 'String') return f.kind === 'json' ? JSON.stringify(value) : String(value);
  if (base === 'Int' || base === 'Float') return Number(value);
  return value;
}

function comparable(f: AnyField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (f.kind === 'datetime') return new Date(String(value)).toISOString();
  if (f.kind === 'json' && typeof value === 'string') return JSON.parse(value) as unknown;
  return value;
}

const candidates = registry.resources.filter(
  (r) => r.byId && r.mutations.create && writable(r, 'create').length,
);

describe.each(dialects)('stored inputs round-trip on $name', (dialect) => {
  let server: TestServer;
  let ctx: TriggerContext;
  let observer: Observer;
  const agent = new Agent();
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const url = new URL(server.url);
    observer = createObserver(url, server.org.apiKey, agent, registry.triggers.observed);
    ctx = createContext(
      createTriggerApi(url, server.org.apiKey, agent),
      registry,
      observer,
      registry.triggers.createHints,
      registry.triggers.creators,
    );
  });
  afterAll(async () => {
    await observer.close();
    await agent.close();
    await server.close();
  });

  async function readBack(r: AnyResource, id: string, fields: readonly string[]) {
    const result = await server.graphql<Record<string, Record<string, unknown>>>(
      `query($id: ${r.byId!.idType ?? 'ID'}) { ${r.byId!.name}(id: $id) { id ${fields.join(' ')} } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    return result.data![r.byId!.name]!;
  }

  async function roundTrip(r: AnyResource, action: Action, id: string | undefined) {
    const fields = writable(r, action).filter(([name]) => !(`${r.name}.${name}` in TRANSFORMED));
    const given = action === 'create' ? { ...(await registry.triggers.createHints[r.name]?.(ctx)) } : {};
    // An extra input of the same name overrides the stored field's input type in the schema.
    const extra = r.mutations[action]!.inputs ?? {};
    const input: Record<string, unknown> = action === 'create' ? await sampleInput(ctx, r, given) : { id };
    Object.assign(input, given);
    for (const [name, f] of fields) {
      if (action === 'create' && name in given) continue;
      const declared = extra[name];
      const typed = declared === undefined ? f : { ...f, input: inputType(declared) };
      input[name] = asInputType(typed, await valueFor(ctx, r, name, f));
    }
    const record = await ctx.standard(r, action, input);
    const recordId = String(record.id);
    const back = await readBack(
      r,
      recordId,
      fields.map(([name]) => name),
    );
    const mismatches = fields
      .map(([name, f]) => ({ name, sent: answered(f, input[name]), read: back[name], f }))
      .filter(
        ({ sent, read, f }) => JSON.stringify(comparable(f, sent)) !== JSON.stringify(comparable(f, read)),
      )
      .map(
        ({ name, sent, read }) =>
          `${r.name}.${name}: sent ${JSON.stringify(sent)}, read ${JSON.stringify(read)}`,
      );
    expect(mismatches).toEqual([]);
    return recordId;
  }

  it.each(candidates.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const id = await roundTrip(r, 'create', undefined);
    if (r.mutations.update && writable(r, 'update').length) await roundTrip(r, 'update', id);
  });
});
