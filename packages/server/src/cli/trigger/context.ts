/**
 * What a recipe works with (`TriggerContext`, see registry/trigger-kit.ts): the server's API, the
 * registry's declarations, and records made on demand from those declarations (a required field gets a
 * sample value; a required reference gets a record of its own, made first). Records asked for with
 * `ensure` are made once per run and shared by every recipe.
 */
import type { AnyField, AnyResource, Registry } from '../../registry/index.js';
import type {
  Creator,
  InputHint,
  Payload,
  TriggerApi,
  TriggerContext,
  TriggerResource,
} from '../../registry/trigger-kit.js';
import type { Observer } from './observer.js';

export function createContext(
  api: TriggerApi,
  registry: Registry,
  observer: Observer,
  hints: Record<string, InputHint>,
  creators: Record<string, Creator>,
): TriggerContext {
  let counter = 0;
  const made = new Map<string, Promise<string>>();
  let caller: Promise<string> | undefined;

  const ctx: TriggerContext = {
    api,
    registry,
    observer,
    next: () => ++counter,
    caller() {
      caller ??= api.query('{ currentUser { id } }', {}).then((data) => String(data.currentUser.id));
      return caller;
    },
    ensure(resource) {
      let id = made.get(resource);
      if (!id) {
        id = ctx.create(resource);
        made.set(resource, id);
        // A failed prerequisite is retried by the next recipe that needs it, not remembered.
        id.catch(() => made.delete(resource));
      }
      return id;
    },
    async create(resource, input = {}) {
      const creator = creators[resource];
      if (creator) {
        if (Object.keys(input).length > 0)
          throw new Error(`${resource} is made by a recipe that takes no input`);
        return creator(ctx);
      }
      const r = registry.get(resource);
      const given = { ...(await hints[resource]?.(ctx)), ...input };
      const payload = await ctx.standard(r, 'create', { ...(await sampleInput(ctx, r, given)), ...given });
      return recordId(payload, r);
    },
    async standard(r, action, input) {
      const spec = r.mutations[action];
      if (!spec) throw new Error(`${r.name} has no standard ${action} mutation`);
      const field = spec.field ?? r.payloadField;
      const payload = await api.mutate(
        spec.name,
        spec.input ?? `${spec.name}Input`,
        input,
        `${field} { id }`,
      );
      return payload[field] as Payload;
    },
  };
  return ctx;
}

export function recordId(record: Payload | null | undefined, r: TriggerResource): string {
  const id = record?.id as unknown;
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error(`No ${r.name} id in the answer`);
  return String(id);
}

/**
 * Sample values for the fields a create requires (those without a default), referenced records made first.
 */
export async function sampleInput(
  ctx: TriggerContext,
  r: AnyResource,
  given: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    if (
      name in given ||
      !f.required ||
      f.defaultValue !== undefined ||
      f.writable === 'update' ||
      f.writable === 'none'
    )
      continue;
    // A reference that takes part in `uniqueBy` gets its own record, so a second such row can be made.
    const fresh = (r.uniqueBy as readonly string[] | undefined)?.includes(name) ?? false;
    input[name] = asInputType(f, await sampleValue(ctx, name, f, fresh));
  }
  return input;
}

async function sampleValue(ctx: TriggerContext, name: string, f: AnyField, fresh: boolean): Promise<unknown> {
  const n = ctx.next();
  switch (f.kind) {
    case 'text':
      return f.format === 'email' ? `trigger.${process.pid}.${n}@example.com` : `Sample ${name} ${n}`;
    case 'int':
      return f.min ?? 1;
    case 'float':
      return 1.5;
    case 'money':
      return '10.00';
    case 'bool':
      return true;
    case 'date':
      return '2030-01-07';
    case 'datetime':
      return '2030-01-07 09:00:00';
    case 'ref':
      return fresh ? ctx.create(f.target!) : ctx.ensure(f.target!);
    case 'foreignId':
      return 1;
    case 'enum':
      return f.values![0];
    case 'json':
      return {};
  }
}

/** A changed value for one field an update may set, or undefined when the resource has none it can change. */
export function updateFor(r: AnyResource, n: number): Record<string, unknown> | undefined {
  const fields = (Object.entries(r.fields) as Array<[string, AnyField]>).filter(
    ([, f]) => f.writable === 'both' || f.writable === 'update',
  );
  const pick = (kind: AnyField['kind'], test: (f: AnyField) => boolean = () => true) =>
    fields.find(([, f]) => f.kind === kind && test(f));
  const text = pick('text', (f) => f.format !== 'email');
  if (text) return { [text[0]]: asInputType(text[1], `Updated ${text[0]} ${n}`) };
  const dayOfMonth = String((n % 28) + 1).padStart(2, '0');
  const day = pick('date');
  if (day) return { [day[0]]: asInputType(day[1], `2031-01-${dayOfMonth}`) };
  const time = pick('datetime');
  if (time) return { [time[0]]: asInputType(time[1], `2031-01-${dayOfMonth} 09:00:00`) };
  const money = pick('money');
  if (money) return { [money[0]]: asInputType(money[1], `${n}.25`) };
  const number = pick('int', (f) => f.max === undefined) ?? pick('float');
  if (number) return { [number[0]]: asInputType(number[1], 1000 + n) };
  return undefined;
}

/** The value in the GraphQL input type the field takes (Healthie types some ids as String, some ints as String). */
export function asInputType(f: AnyField, value: unknown): unknown {
  const list = f.input.trim().startsWith('[');
  const base = f.input.replace(/[[\]!]/g, '').trim();
  let converted: unknown = value;
  if (base === 'Int' || base === 'Float') converted = Number(value);
  else if (base === 'String' || base === 'ID') converted = String(value);
  return list ? [converted] : converted;
}
