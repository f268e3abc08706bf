/**
 * `ClientSource.related_object`: the record a client's source names. A source whose `ref_source` is an id
 * points at a record of the kind its `ref_type` says: a person (a referring provider, or a client who
 * referred another), a referring physician, or an organization. Any other source (a web search, a custom
 * text) points at nothing.
 */
import { findRow, parseId, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import { ReferringPhysician } from '../clinical/index.js';
import { User } from './resources.js';
import { fullName } from './user-fields.js';

type Related = { id: string; full_name: string | null };

// The full name as the person's own `full_name` answers it.
const named = (row: StoredRow): Related => ({ id: String(row.id), full_name: fullName(row) });

async function organizationNamed(reader: Reader, id: number): Promise<Related | null> {
  if (!reader.scope.includes(id)) return null;
  const org = (await reader.db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst()) as { id: number; name: string } | undefined;
  return org ? { id: String(org.id), full_name: org.name } : null;
}

async function relatedObject(source: StoredRow, reader: Reader): Promise<Related | null> {
  const id = parseId(source.ref_source);
  const kind = typeof source.ref_type === 'string' ? source.ref_type.toLowerCase() : '';
  if (id === null || kind === '') return null;
  if (kind.includes('physician')) {
    const physician = await findRow(reader, ReferringPhysician, id);
    return physician ? named(physician) : null;
  }
  if (kind.includes('organization')) return organizationNamed(reader, id);
  if (/provider|client|patient|staff|member|user/.test(kind)) {
    const user = await findRow(reader, User, id);
    return user ? named(user) : null;
  }
  return null;
}

export const clientSourceLinkFields: Record<string, Computed> = {
  related_object: { type: 'RelatedObject', resolve: relatedObject },
};

export const relatedObjectType = { RelatedObject: { full_name: 'String', id: 'ID!' } };
