/**
 * Healthie's `IcdCode` and `CptCode` objects, as the records that name a code answer them. carehooks keeps
 * no code list (the code is the id given, with no description or category), so a code object is made
 * from the record that names it: its id and code, its display name (the record's own when it has one,
 * e.g. a diagnosis's), and the naming record's times. No code is a favorite (a new account marks none).
 * `CptCode.last_fee` is the fee most recently billed with the code on a claim or superbill line.
 */
import { encodeCursor, type Computed, type Reader, type StoredRow } from '../../registry/index.js';

const isoTime = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : null);

/** The code object for `id` as `row` names it; null when the row names no code. */
export function codeObject(id: unknown, row: StoredRow): Record<string, unknown> | null {
  if (id === null || id === undefined || id === '') return null;
  const code = String(id);
  const own = typeof row.display_name === 'string' && row.display_name !== '' ? row.display_name : null;
  return {
    id: code,
    code,
    category: null,
    description: null,
    display_name: own ?? code,
    cursor: encodeCursor(Number(id)),
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at ?? row.created_at),
  };
}

/** A `{ icd_code | cpt_code }` field of a record whose `column` names the code. */
export const codeField = (type: 'IcdCode' | 'CptCode', column: string): Computed => ({
  type,
  resolve: (row) => codeObject(row[column], row),
});

/** The fee of the latest claim or superbill line billed with this code in the caller's organizations. */
async function lastFee(code: StoredRow, reader: Reader): Promise<number | null> {
  const id = Number(code.id);
  // Billing's line tables, read by name (billing reads this area, not the other way round).
  const latest = (table: string) =>
    reader.db
      .selectFrom(table)
      .select(['fee', 'created_at'])
      .where('cpt_code_id', '=', id)
      .where('fee', 'is not', null)
      .where('organization_id', 'in', reader.scope)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst() as Promise<{ fee: string; created_at: number } | undefined>;
  const lines = [await latest('cms1500_cpt_codes'), await latest('super_bill_cpt_codes')].filter(
    (line) => line !== undefined,
  );
  const last = lines.sort((a, b) => b.created_at - a.created_at)[0];
  return last ? Number(last.fee) : null;
}

const notFavorite: Computed = { type: 'Boolean', args: { known_value: 'Boolean' }, resolve: () => false };

const codeFields = {
  category: 'String',
  code: 'String',
  created_at: 'String!',
  cursor: 'Cursor!',
  description: 'String',
  display_name: 'String',
  id: 'ID!',
  is_favorite: notFavorite,
  updated_at: 'String!',
};

export const codeObjectTypes: Record<string, Record<string, string | Computed>> = {
  IcdCode: codeFields,
  CptCode: { ...codeFields, last_fee: { type: 'Float', resolve: lastFee } },
};
