/** Organizations and their sub-organizations, each created with an owner (a provider) and an API key. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { runFixedShape, type StatementTarget } from '../store/fixed-shape-statements.js';
import { issueApiKey } from './api-keys.js';

export interface NewOrganization {
  name: string;
  parentId?: number | null;
  owner?: { email?: string | null; firstName?: string | null; lastName?: string | null };
}

export interface CreatedOrganization {
  organizationId: number;
  userId: number;
  apiKey: string;
}

export class UnknownOrganizationError extends Error {
  constructor(readonly organizationId: number) {
    super(`Organization ${organizationId} does not exist`);
  }
}

/** Must run inside a transaction: the organization, its closure rows, its owner and key go in together. */
export async function createOrganization(
  db: Kysely<Database>,
  input: NewOrganization,
  now = Date.now(),
): Promise<CreatedOrganization> {
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = await db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', parentId)
      .executeTakeFirst();
    if (!parent) throw new UnknownOrganizationError(parentId);
  }
  const org = await db
    .insertInto('organizations')
    .values({ name: input.name, parent_id: parentId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('organization_closure')
    .values({ ancestor_id: org.id, descendant_id: org.id, depth: 0 })
    .execute();
  if (parentId !== null) {
    await db
      .insertInto('organization_closure')
      .columns(['ancestor_id', 'descendant_id', 'depth'])
      .expression((eb) =>
        eb
          .selectFrom('organization_closure')
          .select([
            'ancestor_id',
            eb.val(org.id).as('descendant_id'),
            eb(eb.ref('depth'), '+', 1).as('depth'),
          ])
          .where('descendant_id', '=', parentId),
      )
      .execute();
  }
  const owner = input.owner ?? {};
  const user = await db
    .insertInto('users')
    .values({
      organization_id: org.id,
      user_type: 'provider',
      email: owner.email ?? null,
      first_name: owner.firstName ?? null,
      last_name: owner.lastName ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('organizations').set({ owner_user_id: user.id }).where('id', '=', org.id).execute();
  const key = await issueApiKey(db, { organizationId: org.id, userId: user.id, name: 'owner' }, now);
  return { organizationId: org.id, userId: user.id, apiKey: key.apiKey };
}

/** The organization and all its sub-organizations: the set a key of this organization may see. */
export async function organizationScope(store: StatementTarget, organizationId: number): Promise<number[]> {
  const db = store.db as Kysely<Database>;
  const { rows } = await runFixedShape(
    store,
    'organizationScope',
    [organizationId],
    () =>
      db.selectFrom('organization_closure').select('descendant_id').where('ancestor_id', '=', organizationId),
    { namedOnPostgres: true },
  );
  return rows.map((r) => r.descendant_id);
}
