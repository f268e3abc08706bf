/** Computed GraphQL fields of people: names, their organization, the tags applied to them. */
import type { Reader, StoredRow } from '../../registry/index.js';
import { typedDb } from '../typed-db.js';

export function fullName(row: StoredRow): string {
  return [row.first_name, row.last_name].filter(Boolean).join(' ');
}

export async function organizationOf(row: StoredRow, reader: Reader): Promise<unknown> {
  return typedDb(reader)
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', row.organization_id)
    .executeTakeFirst();
}

export async function activeTags(row: StoredRow, reader: Reader): Promise<unknown[]> {
  return typedDb(reader)
    .selectFrom('tags')
    .innerJoin('applied_tags', 'applied_tags.tag_id', 'tags.id')
    .selectAll('tags')
    .where('applied_tags.user_id', '=', row.id)
    .where('applied_tags.deleted_at', 'is', null)
    .where('tags.organization_id', 'in', reader.scope)
    .orderBy('tags.name')
    .orderBy('tags.id')
    .execute();
}
