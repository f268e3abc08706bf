/**
 * The registry: every declared resource and special mutation, checked once at start-up against itself
 * and against the event catalog, so a wrong name fails the process (and the tests) instead of a request.
 */
import { catalog } from '@carehooks/catalog';
import type { AnyField } from './fields.js';
import type {
  AnyResource,
  Area,
  Computed,
  InputTypes,
  MutationHooks,
  MutationSpec,
  Registry,
  SpecialMutation,
} from './resource.js';
import type { AreaTriggers } from './trigger-kit.js';

export type { Registry };

const PAST: Record<'create' | 'update' | 'delete', string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
};

export function buildRegistry(areas: readonly Area[]): Registry {
  const problems: string[] = [];
  const resources = bindHooks(
    extendResources(
      areas.flatMap((a) => a.resources),
      areas,
      problems,
    ),
    areas,
    problems,
  );
  const special = areas.flatMap((a) => a.special);
  const inputTypes: InputTypes = Object.assign({}, ...areas.map((a) => a.inputTypes));
  const enums: Record<string, readonly string[]> = Object.assign({}, ...areas.map((a) => a.enums));
  const byName = new Map(resources.map((r) => [r.name, r]));
  const typeExtensions: Record<string, Record<string, Computed>> = {};
  for (const a of areas) {
    for (const [type, fields] of Object.entries(a.extendTypes)) {
      if (resources.some((r) => r.type === type))
        problems.push(`${a.name} uses extendTypes on resource type ${type}`);
      const target = (typeExtensions[type] ??= {});
      for (const [name, computed] of Object.entries(fields)) {
        if (name in target) problems.push(`${a.name} adds ${type}.${name}, which already exists`);
        target[name] = computed;
      }
    }
  }
  const objectTypes: Record<string, Record<string, string | Computed>> = {};
  for (const a of areas) {
    for (const [type, fields] of Object.entries(a.objectTypes)) {
      if (type in objectTypes || resources.some((r) => r.type === type))
        problems.push(`${a.name} declares object type ${type}, which already exists`);
      objectTypes[type] = fields;
    }
  }
  const unions: Record<string, readonly string[]> = {};
  for (const a of areas) {
    for (const [name, members] of Object.entries(a.unions)) {
      if (name in unions || name in objectTypes || resources.some((r) => r.type === name))
        problems.push(`${a.name} declares union ${name}, which already exists`);
      unions[name] = members;
    }
  }
  problems.push(...checkDeclarations(areas, resources, special, byName));
  if (problems.length > 0) throw new Error(`Resource registry is inconsistent:\n- ${problems.join('\n- ')}`);
  return {
    resources,
    special,
    inputTypes,
    enums,
    typeExtensions,
    objectTypes,
    unions,
    routes: areas.flatMap((a) => a.routes),
    triggers: triggersOf(areas),
    get(name) {
      const found = byName.get(name);
      if (!found) throw new Error(`No resource named "${name}" is declared`);
      return found;
    },
  };
}

/** Adds the GraphQL fields areas contribute to other areas' resources; a name clash is a problem. */
function extendResources(
  declared: readonly AnyResource[],
  areas: readonly Area[],
  problems: string[],
): AnyResource[] {
  return declared.map((r) => {
    let extended = r;
    for (const a of areas) {
      const extension = a.extend[r.name];
      if (!extension) continue;
      const taken = new Set([
        ...Object.keys(r.fields),
        ...Object.keys(extended.many ?? {}),
        ...Object.keys(extended.computed ?? {}),
      ]);
      for (const name of [...Object.keys(extension.many ?? {}), ...Object.keys(extension.computed ?? {})]) {
        if (taken.has(name)) problems.push(`${a.name} adds ${r.name}.${name}, which already exists`);
      }
      extended = {
        ...extended,
        many: { ...extended.many, ...extension.many },
        computed: { ...extended.computed, ...extension.computed },
      };
    }
    return extended;
  });
}

const HOOK_NAMES = ['beforeUnit', 'prepare', 'before', 'after'] as const;

/** Binds each area's hooks to its own declared mutations; a hook for no such mutation is a problem. */
function bindHooks(resources: AnyResource[], areas: readonly Area[], problems: string[]): AnyResource[] {
  const owner = new Map<string, string>();
  for (const a of areas) {
    for (const r of a.resources) for (const m of Object.values(r.mutations)) owner.set(m.name, a.name);
  }
  const hooks = new Map<string, MutationHooks>();
  for (const a of areas) {
    for (const [name, bound] of Object.entries(a.hooks)) {
      if (owner.get(name) !== a.name)
        problems.push(`${a.name} binds hooks to ${name}, not one of its mutations`);
      else hooks.set(name, bound);
    }
  }
  const bind = (spec: MutationSpec): MutationSpec => {
    const bound = hooks.get(spec.name);
    if (!bound) return spec;
    for (const hook of HOOK_NAMES) {
      if (spec[hook] && bound[hook]) problems.push(`${spec.name} has a ${hook} hook both declared and bound`);
    }
    return { ...spec, ...bound };
  };
  return resources.map((r) => ({
    ...r,
    mutations: Object.fromEntries(Object.entries(r.mutations).map(([action, spec]) => [action, bind(spec)])),
  }));
}

const TRIGGER_PARTS = ['recipes', 'createHints', 'updateHints', 'creators'] as const;

const TRIGGER_PART_NAMES: Record<(typeof TRIGGER_PARTS)[number], string> = {
  recipes: 'trigger recipe for',
  createHints: 'trigger create hint for',
  updateHints: 'trigger update hint for',
  creators: 'trigger creator for',
};

/** Every area's trigger parts in one (a key two areas give is reported by checkDeclarations). */
function triggersOf(areas: readonly Area[]): Required<AreaTriggers> {
  const merged = (part: (typeof TRIGGER_PARTS)[number]) =>
    Object.assign({}, ...areas.map((a) => a.triggers?.[part] ?? {}));
  return {
    recipes: merged('recipes'),
    createHints: merged('createHints'),
    updateHints: merged('updateHints'),
    creators: merged('creators'),
    observed: areas.flatMap((a) => a.triggers?.observed ?? []),
  };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function checkDeclarations(
  areas: readonly Area[],
  resources: readonly AnyResource[],
  special: readonly SpecialMutation[],
  byName: Map<string, AnyResource>,
): string[] {
  const problems: string[] = [];
  const mutationNames = [
    ...resources.flatMap((r) =>
      Object.values(r.mutations).flatMap((m) => [m.name, ...(m.aliases ?? []).map((a) => a.name)]),
    ),
    ...special.map((s) => s.name),
  ];
  const queryNames = resources
    .flatMap((r) => [r.byId?.name, r.list?.name, r.list?.count])
    .filter((n) => n !== undefined);
  for (const [what, values] of [
    ['resource name', resources.map((r) => r.name)],
    // Resources that tell their rows apart by `fixed` values may share a table (patients and staff in `users`).
    ['table', resources.filter((r) => r.fixed === undefined).map((r) => r.table)],
    ['GraphQL type', resources.map((r) => r.type)],
    ['mutation', mutationNames],
    ['query', queryNames],
    ['input type', areas.flatMap((a) => Object.keys(a.inputTypes))],
    ['enum', areas.flatMap((a) => Object.keys(a.enums))],
    ...TRIGGER_PARTS.map(
      (part) =>
        [TRIGGER_PART_NAMES[part], areas.flatMap((a) => Object.keys(a.triggers?.[part] ?? {}))] as const,
    ),
    ['trigger observed event type', areas.flatMap((a) => a.triggers?.observed ?? [])],
  ] as const) {
    for (const d of duplicates(values)) problems.push(`${what} "${d}" is declared twice`);
  }

  for (const r of resources) {
    if (r.fixed === undefined) continue;
    if (resources.some((o) => o !== r && o.table === r.table && o.fixed === undefined))
      problems.push(`${r.name} shares table "${r.table}" with a resource that declares no \`fixed\` values`);
  }
  for (const a of areas) {
    for (const name of Object.keys(a.extend)) {
      if (!byName.has(name)) problems.push(`${a.name} extends undeclared resource "${name}"`);
    }
  }
  for (const r of resources) {
    for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
      if (f.kind === 'ref' && !byName.has(f.target!)) {
        problems.push(`${r.name}.${name} refers to undeclared resource "${f.target}"`);
      }
      if (['id', 'organization_id', 'created_at', 'updated_at', 'deleted_at'].includes(name)) {
        problems.push(`${r.name}.${name} is a column every table has; do not declare it`);
      }
    }
    if (r.owner && r.fields[r.owner]?.kind !== 'ref') problems.push(`${r.name}.owner must name a ref field`);
    for (const [name, many] of Object.entries(r.many ?? {})) {
      const child = byName.get(many.resource);
      if (!child) problems.push(`${r.name}.${name} lists undeclared resource "${many.resource}"`);
      else if (!(many.foreignKey in child.fields)) {
        problems.push(`${r.name}.${name}: ${many.resource} has no field "${many.foreignKey}"`);
      }
    }
    problems.push(...checkEvents(r));
  }
  return problems;
}

/** Every event the resource can emit exists in the catalog, and every extra it carries has a source. */
function checkEvents(r: AnyResource): string[] {
  const problems: string[] = [];
  const entries = catalog.filter((e) => e.resource_id_type === r.resourceType);
  if (r.events === undefined) {
    if (entries.length > 0)
      problems.push(`${r.name} declares no events but the catalog has ${entries[0]!.event_type}`);
    return problems;
  }
  if (typeof r.events === 'string') {
    for (const [action, spec] of Object.entries(r.mutations)) {
      const eventType = `${r.events}.${PAST[action as keyof typeof PAST]}`;
      if (!entries.some((e) => e.event_type === eventType)) {
        problems.push(
          `${r.name}: ${spec.name} would emit ${eventType}, which the catalog lacks for ${r.resourceType}`,
        );
      }
    }
  }
  const declared = new Set(Object.keys(r.extras ?? {}));
  const needed = new Set(entries.flatMap((e) => e.extras.map((x) => x.name)));
  for (const name of needed) {
    if (!declared.has(name)) problems.push(`${r.name} has no source for the extra "${name}"`);
  }
  for (const name of declared) {
    if (!needed.has(name))
      problems.push(`${r.name} declares extra "${name}" that no ${r.resourceType} event carries`);
  }
  return problems;
}
