/**
 * Form templates and their questions beyond the stored fields: who last changed a template, what its
 * questions say about it (a matrix question, questions to fill in), a question's display condition
 * (`custom_module_condition` of updateCustomModule; no events), and the question bank and program forms.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  requireRow,
  typedDb,
  updateRecord,
  within,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  CustomModule,
  CustomModuleCondition,
  CustomModuleForm,
  type FormsChartingTables,
} from './resources.js';

/** Question types that show something and take no answer. */
const READ_ONLY_TYPES = [
  'read_only',
  'label',
  'staticText',
  'static_text',
  'image',
  'video',
  'horizontal_line',
];

/** The template's last editor is whoever changes it. */
export async function recordEditor(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const current =
    input.id === undefined ? undefined : await findRow(work, CustomModuleForm, parseId(input.id) ?? -1);
  const changes = Object.keys(values).some((name) => current === undefined || values[name] !== current[name]);
  if (changes) values.last_updated_by_id = work.caller.userId;
}

async function questionsOf(form: StoredRow, reader: Reader): Promise<StoredRow[]> {
  return (await typedDb<FormsChartingTables>(reader)
    .selectFrom('custom_modules')
    .selectAll()
    .where('custom_module_form_id', '=', form.id)
    .where('organization_id', 'in', reader.scope)
    .execute()) as StoredRow[];
}

export const customModuleFormFields: Record<string, Computed> = {
  has_matrix_field: {
    type: 'Boolean',
    resolve: async (form, reader) => (await questionsOf(form, reader)).some((q) => q.mod_type === 'matrix'),
  },
  has_non_readonly_modules: {
    type: 'Boolean',
    resolve: async (form, reader) =>
      (await questionsOf(form, reader)).some((q) => !READ_ONLY_TYPES.includes(String(q.mod_type))),
  },
};

async function conditionOf(question: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<FormsChartingTables>(reader)
    .selectFrom('custom_module_conditions')
    .selectAll()
    .where('custom_module_id', '=', question.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}

export const customModuleFields: Record<string, Computed> = {
  custom_module_condition: {
    type: 'CustomModuleConditionType',
    resolve: async (question, reader) => (await conditionOf(question, reader)) ?? null,
  },
  controls_conditional_modules: {
    type: 'Boolean',
    resolve: async (question, reader) =>
      (await typedDb<FormsChartingTables>(reader)
        .selectFrom('custom_module_conditions')
        .select('id')
        .where('conditional_custom_module_id', '=', question.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) !== undefined,
  },
  // carehooks keeps no autoscoring sections.
  custom_module_form_section_id: { type: 'ID', resolve: () => null },
};

type Item = Record<string, unknown>;

/** updateCustomModule's `custom_module_condition`: created, edited (`id`) or removed (`_destroy`). */
export async function applyCondition(work: Work, change: RecordChange): Promise<void> {
  const item = change.input.custom_module_condition;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
  const given = item as Item;
  await within('custom_module_condition', async () => {
    const current = await conditionOf(change.row, work);
    if (given.id !== undefined && given.id !== null && given.id !== '' && parseId(given.id) !== current?.id)
      fail('id', `Condition ${String(given.id)} is not the condition of custom module ${change.row.id}`);
    if (given._destroy === true) {
      if (current) await deleteRecord(work, CustomModuleCondition, current);
      return;
    }
    const fields: Item = {};
    for (const name of ['conditional_custom_module_id', 'filter_type', 'value_to_filter'] as const)
      if (given[name] !== undefined) fields[name] = given[name];
    if (
      typeof fields.conditional_custom_module_id === 'string' ||
      typeof fields.conditional_custom_module_id === 'number'
    ) {
      const other = await requireRow(
        work,
        CustomModule,
        fields.conditional_custom_module_id,
        'conditional_custom_module_id',
      );
      if (other.custom_module_form_id !== change.row.custom_module_form_id)
        fail('conditional_custom_module_id', `Custom module ${other.id} is not a question of the same form`);
    }
    if (current) await updateRecord(work, CustomModuleCondition, current, fields);
    else await createRecord(work, CustomModuleCondition, { ...fields, custom_module_id: change.row.id });
  });
}

/** A removed question's condition goes with it. */
export async function removeCondition(work: Work, change: RecordChange): Promise<void> {
  await typedDb<FormsChartingTables>(work)
    .deleteFrom('custom_module_conditions')
    .where('custom_module_id', '=', change.row.id)
    .execute();
}

/**
 * `questionBankModules(category)`: the organization's reusable questions (`is_custom`), of one question
 * type when `category` names it; at most 100.
 */
const questionBankModules: Computed = {
  type: '[CustomModule!]',
  args: { category: 'String' },
  resolve: (_root, reader, args) => {
    let query = typedDb<FormsChartingTables>(reader)
      .selectFrom('custom_modules')
      .selectAll()
      .where('is_custom', '=', 1)
      .where('organization_id', 'in', reader.scope);
    if (typeof args.category === 'string' && args.category.trim() !== '' && args.category !== 'all')
      query = query.where('mod_type', '=', args.category.trim());
    return query.orderBy('id').limit(100).execute();
  },
};

/** `courseItemForms`: the templates made for programs (course items), not archived; at most 100. */
const courseItemForms: Computed = {
  type: '[CustomModuleForm!]',
  resolve: (_root, reader) =>
    typedDb<FormsChartingTables>(reader)
      .selectFrom('custom_module_forms')
      .selectAll()
      .where('use_for_program', '=', 1)
      .where('is_archived', '=', 0)
      .where('organization_id', 'in', reader.scope)
      .orderBy('name')
      .orderBy('id')
      .limit(100)
      .execute(),
};

export const templateQueries: Record<string, Computed> = { questionBankModules, courseItemForms };
