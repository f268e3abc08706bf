/**
 * GraphQL SDL derived from the registry: one object type per resource, Healthie's input and payload
 * types for each standard and special mutation, by-id and list queries, and the enums and nested input
 * types the areas declare. Input fields are all optional, as in Healthie; required ones are checked by
 * the registry and answered with `messages`.
 */
import type { AnyField } from '../../registry/fields.js';
import { inputType, type AnyResource, type MutationSpec } from '../../registry/resource.js';
import type { Registry } from '../../registry/registry.js';

export interface ResourceSdl {
  typeDefs: string;
  queryFields: string;
  mutationFields: string;
}

export interface MutationBinding {
  resource: AnyResource;
  action: 'create' | 'update' | 'delete';
  spec: MutationSpec;
  /** The exposed name (the spec's, or an alias). */
  name: string;
  input: string;
  payload: string;
  idType: string;
}

const block = (keyword: string, name: string, fields: Record<string, string>) =>
  `${keyword} ${name} {\n${Object.entries(fields)
    .map(([field, type]) => `  ${field}: ${type}`)
    .join('\n')}\n}`;

const argList = (args: Record<string, string>) => {
  const entries = Object.entries(args);
  return entries.length === 0 ? '' : `(${entries.map(([name, type]) => `${name}: ${type}`).join(', ')})`;
};

/** Every exposed standard mutation, aliases included. */
export function mutationBindings(registry: Registry): MutationBinding[] {
  const bindings: MutationBinding[] = [];
  for (const r of registry.resources) {
    for (const action of ['create', 'update', 'delete'] as const) {
      const spec = r.mutations[action];
      if (!spec) continue;
      const idType = spec.idType ?? 'ID';
      bindings.push({
        resource: r,
        action,
        spec,
        name: spec.name,
        input: spec.input ?? `${spec.name}Input`,
        payload: spec.payload ?? `${spec.name}Payload`,
        idType,
      });
      for (const alias of spec.aliases ?? []) {
        bindings.push({
          resource: r,
          action,
          spec,
          name: alias.name,
          input: alias.input ?? `${alias.name}Input`,
          payload: alias.payload ?? `${alias.name}Payload`,
          idType: alias.idType ?? idType,
        });
      }
    }
  }
  return bindings;
}

function objectType(r: AnyResource, registry: Registry): string {
  const fields: Record<string, string> = { id: r.idGql ?? 'ID!' };
  for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
    fields[name] = f.gql;
    if (f.kind === 'ref' && f.object) fields[f.object] = f.objectGql ?? registry.get(f.target!).type;
  }
  for (const [name, many] of Object.entries(r.many ?? {})) fields[name] = many.type;
  for (const [name, computed] of Object.entries(r.computed ?? {})) {
    fields[`${name}${argList(computed.args ?? {})}`] = computed.type;
  }
  Object.assign(fields, {
    created_at: r.timestamps?.created_at ?? 'String',
    updated_at: r.timestamps?.updated_at ?? 'String',
  });
  if (r.softDelete) fields.deleted_at = 'String';
  if (r.list?.cursor) fields.cursor = 'Cursor!';
  return block('type', r.type, fields);
}

function inputFields(binding: MutationBinding): Record<string, string> {
  const { resource: r, action, spec } = binding;
  const fields: Record<string, string> = action === 'create' ? {} : { id: binding.idType };
  if (action !== 'delete') {
    for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
      if (f.writable === 'both' || f.writable === action) fields[name] = f.input;
    }
  }
  for (const [name, input] of Object.entries(spec.inputs ?? {})) fields[name] = inputType(input);
  Object.assign(fields, spec.ignored ?? {});
  if (spec.suppress) fields[spec.suppress] = 'Boolean';
  return fields;
}

/**
 * Healthie's payloads are Relay-style: each has `clientMutationId`, which echoes the input's when the input
 * has one (none of Healthie's mutation inputs on these resources does, so it is always null).
 */
const RELAY_PAYLOAD = { clientMutationId: 'String' } as const;

export function renderSdl(registry: Registry): ResourceSdl {
  // FieldError comes from the common module; JSON (Healthie's scalar for metadata) is only used here.
  const types: string[] = ['scalar JSON'];
  const queries: string[] = [];
  const mutations: string[] = [];
  const enums: Record<string, readonly string[]> = { ...registry.enums };

  for (const r of registry.resources) {
    types.push(objectType(r, registry));
    if (r.byId) {
      const args: Record<string, string> = {
        id: r.byId.idType ?? 'ID',
        ...(r.softDelete ? { include_deleted: 'Boolean' } : {}),
        ...r.byId.ignored,
      };
      for (const name of r.byId.idArgs ?? []) args[name] = 'ID';
      Object.assign(args, r.byId.args ?? {});
      if (r.byId.orCaller) args[r.byId.orCaller] = 'Boolean';
      queries.push(`${r.byId.name}${argList(args)}: ${r.type}`);
    }
    if (r.list) {
      const args: Record<string, string> = { offset: 'Int', page_size: 'Int' };
      if (r.list.pageSizeArg) args[r.list.pageSizeArg] = 'Int';
      if (r.list.cursor) args.after = 'Cursor';
      if (r.list.shouldPaginate !== undefined) args.should_paginate = 'Boolean';
      const filters: Record<string, string> = {};
      for (const [name, arg] of Object.entries(r.list.args ?? {})) filters[name] = arg.type;
      if (r.list.withDeleted) filters[r.list.withDeleted] = 'Boolean';
      Object.assign(args, filters);
      if (r.list.orderBy) {
        args.order_by = r.list.orderBy.enum;
        enums[r.list.orderBy.enum] = Object.keys(r.list.orderBy.values);
      }
      Object.assign(args, r.list.ignored ?? {});
      queries.push(`${r.list.name}${argList(args)}: [${r.type}!]`);
      if (r.list.count) queries.push(`${r.list.count}${argList(filters)}: Int`);
    }
  }
  for (const binding of mutationBindings(registry)) {
    types.push(block('input', binding.input, inputFields(binding)));
    const field = binding.spec.field ?? binding.resource.payloadField;
    types.push(
      block('type', binding.payload, {
        ...RELAY_PAYLOAD,
        [field]: binding.resource.type,
        ...binding.spec.nullFields,
        messages: '[FieldError]',
      }),
    );
    mutations.push(`${binding.name}(input: ${binding.input}): ${binding.payload}`);
  }
  for (const special of registry.special) {
    types.push(block('input', special.input, special.inputFields));
    types.push(
      block('type', special.payload, { ...RELAY_PAYLOAD, ...special.returns, messages: '[FieldError]' }),
    );
    mutations.push(`${special.name}(input: ${special.input}): ${special.payload}`);
  }
  for (const [type, fields] of Object.entries(registry.typeExtensions)) {
    const entries = Object.entries(fields).map(([name, c]) => [`${name}${argList(c.args ?? {})}`, c.type]);
    types.push(block('extend type', type, Object.fromEntries(entries)));
  }
  for (const [type, fields] of Object.entries(registry.objectTypes)) {
    const entries = Object.entries(fields).map(([name, f]) =>
      typeof f === 'string' ? [name, f] : [`${name}${argList(f.args ?? {})}`, f.type],
    );
    types.push(block('type', type, Object.fromEntries(entries)));
  }
  for (const [name, members] of Object.entries(registry.unions))
    types.push(`union ${name} = ${members.join(' | ')}`);
  for (const [name, fields] of Object.entries(registry.inputTypes)) types.push(block('input', name, fields));
  for (const [name, values] of Object.entries(enums))
    types.push(`enum ${name} {\n  ${values.join('\n  ')}\n}`);
  return {
    typeDefs: types.join('\n\n'),
    queryFields: queries.join('\n'),
    mutationFields: mutations.join('\n'),
  };
}
