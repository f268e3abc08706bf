/**
 * Reads behind the onboarding declarations (./onboarding-resources.ts): a user's onboarding flow, an item
 * asked about for a user, the flows' sort keys. resources.ts uses them, so, like ./list-queries.ts, this
 * module reads tables by name and imports no declarations (importing them would make a loop).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- expression builders of dynamic tables */
import { sql } from 'kysely';
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

/** The item types that are forms (Healthie's `CustomModuleForm`); other items are screens of the flow. */
export const FORM_ITEM = 'CustomModuleForm';

async function flowInScope(reader: Reader, id: unknown): Promise<StoredRow | undefined> {
  const flowId = parseId(id);
  if (flowId === null) return undefined;
  return (await reader.db
    .selectFrom('onboarding_flows')
    .selectAll()
    .where('id', '=', flowId)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/**
 * The flow a user follows: the one stored on them (`default_onboarding_flow_id`, set when they change
 * groups or by updateUser), else their group's. carehooks keeps no per-provider default flow
 * (`Organization.onboarding_flow_id` is a new account's null), so a user with neither has none.
 */
export async function flowOfUser(user: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const own = await flowInScope(reader, user.default_onboarding_flow_id);
  if (own) return own;
  if (user.user_group_id == null) return null;
  const group = (await reader.db
    .selectFrom('user_groups')
    .select('onboarding_flow_id')
    .where('id', '=', Number(user.user_group_id))
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as { onboarding_flow_id: unknown } | undefined;
  return (await flowInScope(reader, group?.onboarding_flow_id)) ?? null;
}

async function userInScope(reader: Reader, id: unknown): Promise<StoredRow | undefined> {
  const userId = parseId(id);
  if (userId === null) return undefined;
  return (await reader.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** `onboardingFlow(id, uuid, user_id)`: by id, by uuid, or the flow the user follows. */
export async function findFlow(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (args.id != null) return undefined;
  if (typeof args.uuid === 'string' && args.uuid !== '')
    return ((await reader.db
      .selectFrom('onboarding_flows')
      .selectAll()
      .where('uuid', '=', args.uuid)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null) as StoredRow | null;
  if (args.user_id == null) return undefined;
  const user = await userInScope(reader, args.user_id);
  return user ? flowOfUser(user, reader) : null;
}

/** The user an item's per-user fields answer for (`onboardingItem(user_id:)`); the caller otherwise. */
const askedFor = Symbol('onboarding item asked for');

export function itemFor(item: StoredRow, userId: number): StoredRow {
  return Object.assign({ ...item }, { [askedFor]: userId });
}

export function userAskedAbout(item: StoredRow, reader: Reader): number {
  const userId = (item as { [askedFor]?: unknown })[askedFor];
  return typeof userId === 'number' ? userId : reader.caller.userId;
}

/**
 * `track_opened_event: true`: the user opened the item's form, recorded as forms-charting records an
 * opening (`FormAnswerGroup.opened_at`, the first one kept) on their latest submission for this item. An
 * item with no form, or a user with no submission for it yet, has nothing to record.
 */
async function recordOpening(reader: Reader, item: StoredRow, userId: number): Promise<void> {
  if (item.item_type !== FORM_ITEM) return;
  const latest = (await reader.db
    .selectFrom('form_answer_groups')
    .select('id')
    .where('onboarding_item_id', '=', item.id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst()) as { id: number } | undefined;
  if (!latest) return;
  await reader.db
    .updateTable('form_answer_groups')
    .set({ opened_at: new Date().toISOString() })
    .where('id', '=', latest.id)
    .where('opened_at', 'is', null)
    .execute();
}

/**
 * `onboardingItem(id, user_id, track_opened_event)`: the item, its completion fields answered for `user_id`
 * (in scope; the caller by default).
 */
export async function findItem(reader: Reader, args: Record<string, unknown>): Promise<StoredRow | null> {
  const id = parseId(args.id);
  if (id === null) return null;
  const item = (await reader.db
    .selectFrom('onboarding_items')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
  if (!item) return null;
  const user = args.user_id == null ? undefined : await userInScope(reader, args.user_id);
  if (args.user_id != null && !user) return null;
  if (args.track_opened_event === true) await recordOpening(reader, item, user?.id ?? reader.caller.userId);
  return user ? itemFor(item, user.id) : item;
}

/** Sort key: how many form items a flow holds. */
export const formsCount = (eb: any) =>
  eb
    .selectFrom('onboarding_items')
    .select(sql<number>`count(*)`.as('forms'))
    .whereRef('onboarding_items.onboarding_flow_id', '=', 'onboarding_flows.id')
    .where('onboarding_items.item_type', '=', FORM_ITEM);
