/**
 * Onboarding flows and items (./onboarding-resources.ts): which groups use a flow, what deleting one does,
 * the form an item attaches, and the fields derived from them (a user's flow and next step, an item's
 * completion by a user, the completed item's onboarding item).
 *
 * Links: Healthie's app paths are not published, so `view_url` / `attached_object_edit_url` answer
 * carehooks' paths named after the records, for the portal's address to prefix (as `set_password_link`):
 * a form item is edited at `/custom_module_forms/<form id>/edit` and viewed at
 * `/custom_module_forms/<form id>`; a completed form at `/form_answer_groups/<submission id>`. Screens
 * that are no form (welcome, billing, …) have no object to edit or view: null.
 */
import {
  createRecord,
  fail,
  findRow,
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  typedTransaction,
  updateRecord,
  type Computed,
  type MutationHooks,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { CustomModuleForm, type FormsChartingTables } from '../forms-charting/index.js';
import { FORM_ITEM, flowOfUser, userAskedAbout } from './onboarding-finders.js';
import { OnboardingFlow, OnboardingItem } from './onboarding-resources.js';
import { User, UserGroup, type PatientsTables } from './resources.js';

type Tables = PatientsTables & FormsChartingTables;

// --- Flows ------------------------------------------------------------------------------------------

/** `groups_to_use_onboarding_flow`: comma-separated group ids (`group-N` tokens read alike). */
function groupIds(raw: unknown): number[] {
  if (typeof raw !== 'string') fail('groups_to_use_onboarding_flow', 'Groups must be comma-separated ids');
  const ids: number[] = [];
  for (const part of raw.split(',').map((p) => p.trim().replace(/^group-/, ''))) {
    if (part === '') continue;
    const id = parseId(part);
    if (id === null) fail('groups_to_use_onboarding_flow', `${part} is not a user group id`);
    ids.push(id);
  }
  return ids;
}

/** The named groups use the flow; on update, groups that used it and are not named no longer do. */
async function useFlowInGroups(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.groups_to_use_onboarding_flow;
  if (raw === undefined || raw === null) return;
  const wanted = groupIds(raw);
  for (const id of wanted) {
    const group = await findRow(work, UserGroup, id);
    if (!group) fail('groups_to_use_onboarding_flow', `UserGroup ${id} was not found`);
    await updateRecord(work, UserGroup, group, { onboarding_flow_id: change.row.id });
  }
  if (change.before === undefined) return;
  const leaving = await typedTransaction<Tables>(work)
    .selectFrom('user_groups')
    .selectAll()
    .where('onboarding_flow_id', '=', change.row.id)
    .where('organization_id', 'in', work.scope)
    .execute();
  for (const group of leaving as unknown as StoredRow[])
    if (!wanted.includes(group.id)) await updateRecord(work, UserGroup, group, { onboarding_flow_id: null });
}

/**
 * After a flow is deleted: its groups, and the clients who had it as their own flow, take
 * `flow_to_receive_groups` (or none); its items go with it.
 */
async function rehomeFlow(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.flow_to_receive_groups;
  let receiving: StoredRow | undefined;
  if (raw !== undefined && raw !== null && raw !== '') {
    const id = parseId(raw);
    receiving = id === null || id === change.row.id ? undefined : await findRow(work, OnboardingFlow, id);
    if (!receiving) fail('flow_to_receive_groups', `OnboardingFlow ${String(raw)} was not found`);
  }
  const db = typedTransaction<Tables>(work);
  const groups = await db
    .selectFrom('user_groups')
    .selectAll()
    .where('onboarding_flow_id', '=', change.row.id)
    .execute();
  for (const group of groups as unknown as StoredRow[])
    await updateRecord(work, UserGroup, group, { onboarding_flow_id: receiving?.id ?? null });
  const clients = await db
    .selectFrom('users')
    .selectAll()
    .where('default_onboarding_flow_id', '=', change.row.id)
    .where('user_type', '=', 'patient')
    .execute();
  // The client's flow is no input of updateClient: it is set as their record is written, as a group move does.
  const takeFlow: MutationHooks = {
    before: async (_work, values) => {
      values.default_onboarding_flow_id = receiving?.id ?? null;
    },
  };
  for (const client of clients as unknown as StoredRow[])
    await updateRecord(work, User, client, {}, takeFlow);
  await db.deleteFrom('onboarding_items').where('onboarding_flow_id', '=', change.row.id).execute();
}

const flowItems = (reader: Reader, flowId: number, formsOnly: boolean) => {
  let query = typedDb<Tables>(reader)
    .selectFrom('onboarding_items')
    .where('onboarding_flow_id', '=', flowId)
    .where('organization_id', 'in', reader.scope);
  if (formsOnly) query = query.where('item_type', '=', FORM_ITEM);
  return query;
};

async function itemsOf(flowId: number, reader: Reader, formsOnly = false): Promise<StoredRow[]> {
  return (await flowItems(reader, flowId, formsOnly)
    .selectAll()
    .orderBy('row_order')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute()) as unknown as StoredRow[];
}

async function groupsUsing(flow: StoredRow, reader: Reader): Promise<StoredRow[]> {
  return (await typedDb<Tables>(reader)
    .selectFrom('user_groups')
    .selectAll()
    .where('onboarding_flow_id', '=', flow.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('name')
    .orderBy('id')
    .limit(MAX_PAGE_SIZE)
    .execute()) as unknown as StoredRow[];
}

export const flowHooks: Record<string, MutationHooks> = {
  createOnboardingFlow: { after: useFlowInGroups },
  updateOnboardingFlow: { after: useFlowInGroups },
  deleteOnboardingFlow: { after: rehomeFlow },
};

export const flowFields: Record<string, Computed> = {
  onboarding_items: {
    type: '[OnboardingItem!]!',
    args: { custom_module_forms_only: 'Boolean' },
    resolve: (flow, reader, args) => itemsOf(flow.id, reader, args.custom_module_forms_only === true),
  },
  onboarding_items_count: {
    type: 'Int',
    resolve: async (flow, reader) => {
      const found = await flowItems(reader, flow.id, false)
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirst();
      return Number(found?.count ?? 0);
    },
  },
  // Whether the flow asks for a form after its welcome screen (the welcome screen being its first item).
  has_forms_after_welcome: {
    type: 'Boolean',
    resolve: async (flow, reader) => {
      const items = await itemsOf(flow.id, reader);
      return items.some((item, i) => item.item_type === FORM_ITEM && i > 0);
    },
  },
  // carehooks does not run flows shared by several providers' intake: a new account's flows are not.
  is_multiple_providers: { type: 'Boolean', source: 'account-default', resolve: () => false },
  user_groups: { type: '[UserGroup!]', resolve: groupsUsing },
  user_groups_count: {
    type: 'Int',
    resolve: async (flow, reader) => (await groupsUsing(flow, reader)).length,
  },
  user_groups_name_string: {
    type: 'String',
    resolve: async (flow, reader) => (await groupsUsing(flow, reader)).map((g) => g.name).join(', '),
  },
};

// --- Items ------------------------------------------------------------------------------------------

/** A form item's form must be one of the caller's organizations'. */
async function checkAttachedForm(
  work: Work,
  values: Record<string, unknown>,
  current?: StoredRow,
): Promise<void> {
  const type = 'item_type' in values ? values.item_type : current?.item_type;
  const itemId = 'item_id' in values ? values.item_id : current?.item_id;
  if (type !== FORM_ITEM || !('item_type' in values || 'item_id' in values)) return;
  const formId = parseId(itemId);
  if (formId === null || !(await findRow(work, CustomModuleForm, formId)))
    fail('item_id', `CustomModuleForm ${String(itemId ?? '')} was not found`);
}

const newItemHooks: MutationHooks = {
  prepare: (input) =>
    typeof input.new_form_name === 'string' && input.new_form_name.trim() !== '' && input.item_type == null
      ? { ...input, item_type: FORM_ITEM }
      : input,
  before: async (work, values, input) => {
    if (typeof input.new_form_name === 'string' && input.new_form_name.trim() !== '') {
      if (values.item_type !== FORM_ITEM) fail('new_form_name', 'A new form makes a CustomModuleForm item');
      const form = await createRecord(work, CustomModuleForm, { name: input.new_form_name.trim() });
      values.item_id = String(form.id);
    }
    await checkAttachedForm(work, values);
    const last = await typedTransaction<Tables>(work)
      .selectFrom('onboarding_items')
      .select((eb) => eb.fn.max('row_order').as('last'))
      .where('onboarding_flow_id', '=', Number(values.onboarding_flow_id))
      .executeTakeFirst();
    values.row_order = last?.last == null ? 0 : Number(last.last) + 1;
  },
};

export const itemHooks: Record<string, MutationHooks> = {
  createOnboardingItem: newItemHooks,
  updateOnboardingItem: {
    before: async (work, values, input) =>
      checkAttachedForm(work, values, await findRow(work, OnboardingItem, parseId(input.id) ?? -1)),
  },
};

const isForm = (item: StoredRow) => item.item_type === FORM_ITEM && parseId(item.item_id) !== null;

async function formOf(item: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return isForm(item) ? findRow(reader, CustomModuleForm, parseId(item.item_id)!) : undefined;
}

/** The user's latest submission of the item's form made for this item, finished or not as asked. */
async function submissionFor(item: StoredRow, userId: number, reader: Reader, finished: boolean) {
  return typedDb<Tables>(reader)
    .selectFrom('form_answer_groups')
    .select('id')
    .where('onboarding_item_id', '=', item.id)
    .where('user_id', '=', userId)
    .where('finished', '=', finished ? 1 : 0)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function completionOf(item: StoredRow, userId: number, reader: Reader): Promise<StoredRow | undefined> {
  return (await typedDb<Tables>(reader)
    .selectFrom('completed_onboarding_items')
    .selectAll()
    .where('onboarding_item_id', '=', item.id)
    .where('user_id', '=', userId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst()) as StoredRow | undefined;
}

/** The path of the item's form (while the form exists), for the portal's address to prefix. */
async function formPath(item: StoredRow, reader: Reader, suffix = ''): Promise<string | null> {
  const form = await formOf(item, reader);
  return form ? `/custom_module_forms/${form.id}${suffix}` : null;
}

export const itemFields: Record<string, Computed> = {
  attached_object_edit_url: { type: 'String', resolve: (item, reader) => formPath(item, reader, '/edit') },
  view_url: { type: 'String', resolve: (item, reader) => formPath(item, reader) },
  display_name: {
    type: 'String',
    resolve: async (item, reader) => (await formOf(item, reader))?.name ?? item.item_type ?? null,
  },
  has_matrix_field: {
    type: 'Boolean',
    resolve: async (item, reader) => {
      if (!isForm(item)) return false;
      const matrix = await typedDb<Tables>(reader)
        .selectFrom('custom_modules')
        .select('id')
        .where('custom_module_form_id', '=', parseId(item.item_id)!)
        .where('mod_type', '=', 'matrix')
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return matrix !== undefined;
    },
  },
  is_last_item: {
    type: 'Boolean',
    args: { custom_module_forms_only: 'Boolean' },
    resolve: async (item, reader, args) => {
      const items = await itemsOf(
        Number(item.onboarding_flow_id),
        reader,
        args.custom_module_forms_only === true,
      );
      return items.at(-1)?.id === item.id;
    },
  },
  completed_onboarding_item: {
    type: 'CompletedOnboardingItem',
    resolve: async (item, reader) => (await completionOf(item, userAskedAbout(item, reader), reader)) ?? null,
  },
  completed_form_id: {
    type: 'String',
    resolve: async (item, reader) => {
      const found = await submissionFor(item, userAskedAbout(item, reader), reader, true);
      return found ? String(found.id) : null;
    },
  },
  incomplete_form_id: {
    type: 'String',
    resolve: async (item, reader) => {
      const found = await submissionFor(item, userAskedAbout(item, reader), reader, false);
      return found ? String(found.id) : null;
    },
  },
  date_to_show: {
    type: 'String',
    resolve: async (item, reader) => {
      const done = await completionOf(item, userAskedAbout(item, reader), reader);
      return typeof done?.created_at === 'number' ? new Date(done.created_at).toISOString() : null;
    },
  },
};

// --- Fields on other types --------------------------------------------------------------------------

async function itemById(id: unknown, reader: Reader): Promise<StoredRow | undefined> {
  const itemId = parseId(id);
  return itemId === null ? undefined : findRow(reader, OnboardingItem, itemId);
}

/** The first item of the user's flow they have not completed (or skipped). */
async function nextStep(user: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const flow = await flowOfUser(user, reader);
  if (!flow) return null;
  for (const item of await itemsOf(flow.id, reader))
    if (!(await completionOf(item, user.id, reader))) return item;
  return null;
}

export const onboardingUserFields: Record<string, Computed> = {
  default_onboarding_flow: { type: 'OnboardingFlow', resolve: flowOfUser },
  next_onboarding_step: { type: 'OnboardingItem', resolve: nextStep },
};

/** The submission that completed a form item: its form answer group. */
async function completingSubmission(done: StoredRow, reader: Reader) {
  return typedDb<Tables>(reader)
    .selectFrom('form_answer_groups')
    .select('id')
    .where('onboarding_item_id', '=', Number(done.onboarding_item_id))
    .where('user_id', '=', Number(done.user_id))
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export const completedItemOnboardingFields: Record<string, Computed> = {
  // The stored id is not checked on write (internal sources name items by id), so a stale one answers null.
  onboarding_item: {
    type: 'OnboardingItem',
    resolve: async (done, reader) => (await itemById(done.onboarding_item_id, reader)) ?? null,
  },
  attached_object_edit_url: {
    type: 'String',
    resolve: async (done, reader) => {
      const item = await itemById(done.onboarding_item_id, reader);
      return item ? formPath(item, reader, '/edit') : null;
    },
  },
  view_url: {
    type: 'String',
    resolve: async (done, reader) => {
      if (Number(done.skipped) === 1) return null;
      const submission = await completingSubmission(done, reader);
      return submission ? `/form_answer_groups/${submission.id}` : null;
    },
  },
};
