/**
 * Copies of form templates and their questions. `copyCustomModule` duplicates one question at the end of
 * its form; `copyCustomModuleForm` copies templates (`id`, and the comma-separated `id_list`) with their
 * questions and display conditions for a provider (`user_id`, default the caller);
 * `shareCustomModuleForm` gives a copy to another provider of the caller's organizations, named by email
 * (`form_share_recipient`). Every copy emits its own `custom_module_form.created` /
 * `custom_module.created`; a copied question remembers the form it came from (`copied_from_form_name`).
 */
import { z } from 'zod';
import {
  createRecord,
  emitFor,
  fail,
  findRow,
  insertRow,
  parseId,
  parseInput,
  requireRow,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { OrganizationMember, type OrganizationTables } from '../organization/index.js';
import {
  CustomModule,
  CustomModuleCondition,
  CustomModuleForm,
  type FormsChartingTables,
} from './resources.js';

/** The stored fields of a question that a copy takes over as they are. */
const QUESTION_FIELDS = [
  'label',
  'sublabel',
  'mod_type',
  'options',
  'required',
  'is_custom',
  'metadata',
  'external_id',
  'external_id_type',
] as const;

/** The stored fields of a template that a copy takes over as they are. */
const TEMPLATE_FIELDS = [
  'external_id',
  'external_id_type',
  'is_video',
  'metadata',
  'on_completion_ifs_tag_id',
  'prefill',
  'use_for_charting',
  'use_for_program',
] as const;

function questionsOf(work: Work, form: StoredRow): Promise<StoredRow[]> {
  return typedTransaction<FormsChartingTables>(work)
    .selectFrom('custom_modules')
    .selectAll()
    .where('custom_module_form_id', '=', form.id)
    .orderBy('position_integer')
    .orderBy('id')
    .execute() as Promise<StoredRow[]>;
}

function conditionOf(work: Work, question: StoredRow): Promise<StoredRow | undefined> {
  return typedTransaction<FormsChartingTables>(work)
    .selectFrom('custom_module_conditions')
    .selectAll()
    .where('custom_module_id', '=', question.id)
    .orderBy('id')
    .executeTakeFirst() as Promise<StoredRow | undefined>;
}

/** Inserts a copy of a question into `form` and emits `custom_module.created`. */
async function copyQuestion(
  work: Work,
  question: StoredRow,
  form: StoredRow,
  values: Record<string, unknown>,
): Promise<StoredRow> {
  // The form decides the organization (the declaration's owner); the rest is stored as the original has it.
  return createRecord(
    work,
    CustomModule,
    { custom_module_form_id: form.id },
    {
      before: async (_work, stored) => {
        for (const name of QUESTION_FIELDS) stored[name] = question[name];
        Object.assign(stored, values);
      },
    },
  );
}

/** The copy of a question's display condition, pointing at the copy of the question it depends on. */
async function copyCondition(
  work: Work,
  question: StoredRow,
  copy: StoredRow,
  copies: ReadonlyMap<number, number>,
): Promise<void> {
  const condition = await conditionOf(work, question);
  if (!condition) return;
  const source = Number(condition.conditional_custom_module_id);
  await insertRow(
    work,
    CustomModuleCondition,
    {
      custom_module_id: copy.id,
      conditional_custom_module_id: copies.get(source) ?? (condition.conditional_custom_module_id || null),
      filter_type: condition.filter_type,
      value_to_filter: condition.value_to_filter,
    },
    copy.organization_id,
  );
}

export const copyCustomModule: SpecialMutation = {
  name: 'copyCustomModule',
  input: 'copyCustomModuleInput',
  inputFields: { id: 'ID' },
  payload: 'copyCustomModulePayload',
  returns: { customModule: 'CustomModule' },
  async run(work, input) {
    const question = await requireRow(work, CustomModule, input.id);
    const form = await requireRow(work, CustomModuleForm, question.custom_module_form_id);
    const last = (await questionsOf(work, form)).reduce(
      (max, q) => Math.max(max, q.position_integer == null ? -1 : Number(q.position_integer)),
      -1,
    );
    const copy = await copyQuestion(work, question, form, {
      position_integer: last + 1,
      parent_custom_module_id: question.parent_custom_module_id,
      copied_from_form_name: question.copied_from_form_name,
    });
    await copyCondition(work, question, copy, new Map());
    return { customModule: copy };
  },
};

/**
 * Copies a template and its questions into `owner`'s organization, owned by them; the questions keep
 * their order, sub-questions their parent and conditions their question (each pointing at the copies).
 */
async function copyTemplate(
  work: Work,
  template: StoredRow,
  owner: StoredRow,
  name: string,
): Promise<StoredRow> {
  const fields: Record<string, unknown> = { name, user_id: owner.id, last_updated_by_id: work.caller.userId };
  for (const field of TEMPLATE_FIELDS) fields[field] = template[field];
  // The copy is the owner's, in the owner's organization (a sub-organization's provider keeps it there).
  const copy = await insertRow(work, CustomModuleForm, fields, owner.organization_id);
  await emitFor(work, CustomModuleForm, 'created', copy);
  const questions = await questionsOf(work, template);
  const copies = new Map<number, number>();
  const made: Array<[StoredRow, StoredRow]> = [];
  for (const question of questions) {
    const parent = question.parent_custom_module_id;
    const copied = await copyQuestion(work, question, copy, {
      position_integer: question.position_integer,
      parent_custom_module_id: parent == null ? null : (copies.get(Number(parent)) ?? null),
      copied_from_form_name: template.name,
    });
    copies.set(question.id, copied.id);
    made.push([question, copied]);
  }
  for (const [question, copied] of made) await copyCondition(work, question, copied, copies);
  return copy;
}

/** A provider of the caller's organizations, by id. */
async function providerById(work: Work, raw: unknown, field: string): Promise<StoredRow> {
  const id = parseId(raw);
  const provider = id === null ? undefined : await findRow(work, OrganizationMember, id, { fixed: true });
  if (!provider) fail(field, `Provider ${String(raw)} was not found`);
  return provider;
}

const copyInput = z.object({
  id: z.unknown().optional(),
  id_list: z.string({ error: 'Id list must be ids separated by commas' }).nullish(),
  user_id: z.unknown().optional(),
});

export const copyCustomModuleForm: SpecialMutation = {
  name: 'copyCustomModuleForm',
  input: 'copyCustomModuleFormInput',
  inputFields: { id: 'ID', id_list: 'String', user_id: 'String' },
  payload: 'copyCustomModuleFormPayload',
  returns: { customModuleForm: 'CustomModuleForm' },
  async run(work, raw) {
    const input = parseInput(copyInput, raw);
    const listed = (input.id_list ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const given = input.id !== undefined && input.id !== null && input.id !== '';
    if (!given && listed.length === 0) fail('id', 'Id is required');
    const templates: StoredRow[] = [];
    if (given) templates.push(await requireRow(work, CustomModuleForm, input.id));
    for (const id of listed) {
      const template = await requireRow(work, CustomModuleForm, id, 'id_list');
      if (!templates.some((t) => t.id === template.id)) templates.push(template);
    }
    const forCaller = input.user_id === undefined || input.user_id === null || input.user_id === '';
    const owner = await providerById(work, forCaller ? work.caller.userId : input.user_id, 'user_id');
    const copies: StoredRow[] = [];
    for (const template of templates) {
      // A copy kept by the same provider is told apart by its name; another provider's keeps the name.
      const name = owner.id === template.user_id ? `${String(template.name)} (Copy)` : String(template.name);
      copies.push(await copyTemplate(work, template, owner, name));
    }
    return { customModuleForm: copies[0] };
  },
};

const shareInput = z.object({
  id: z.unknown().optional(),
  form_share_recipient: z
    .string({ error: 'Form share recipient is required' })
    .trim()
    .min(1, { error: 'Form share recipient is required' }),
  validate_permissions: z.boolean().nullish(),
});

export const shareCustomModuleForm: SpecialMutation = {
  name: 'shareCustomModuleForm',
  input: 'shareCustomModuleFormInput',
  // `validate_permissions` is deprecated by Healthie: permissions are always checked, whatever it says
  // (the template must be in the caller's organizations, the recipient one of their providers).
  inputFields: { form_share_recipient: 'String', id: 'ID', validate_permissions: 'Boolean' },
  payload: 'shareCustomModuleFormPayload',
  returns: { customModuleForm: 'CustomModuleForm' },
  async run(work, raw) {
    const template = await requireRow(work, CustomModuleForm, (raw as { id?: unknown }).id);
    const input = parseInput(shareInput, raw);
    const recipient = (await typedTransaction<OrganizationTables>(work)
      .selectFrom('users')
      .selectAll()
      .where('user_type', '=', 'provider')
      .where('email', '=', input.form_share_recipient.toLowerCase())
      .where('organization_id', 'in', work.scope)
      .executeTakeFirst()) as StoredRow | undefined;
    if (!recipient)
      fail('form_share_recipient', `No provider with the email ${input.form_share_recipient} was found`);
    if (recipient.id === template.user_id)
      fail('form_share_recipient', 'The form already belongs to this provider');
    return { customModuleForm: await copyTemplate(work, template, recipient, String(template.name)) };
  },
};
