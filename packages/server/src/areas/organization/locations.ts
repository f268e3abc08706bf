/**
 * An organization profile's `location` (Healthie's OrgLocationInput): the practice's address, a Location
 * record the profile links to (`OrganizationInfo.location`). With `id` the input edits that location (in
 * the caller's organizations); without, it edits the profile's own location, or adds one. An organization's
 * address is not a client's: these writes emit no `location.*` events, and the profile's own event carries
 * the change (`location_id` among its `changed_fields` when the link is new).
 */
import {
  fail,
  findRow,
  insertRow,
  parseId,
  updateRow,
  validateInput,
  within,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Location } from '../patients/index.js';

/** Writes the location the input describes and returns its id, or undefined when there is none to write. */
export async function orgLocation(
  work: Work,
  info: StoredRow | undefined,
  raw: unknown,
  organizationId: number,
): Promise<number | undefined> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  return within('location', async () => {
    const { id, ...fields } = raw as Record<string, unknown>;
    const named = id === undefined || id === null || id === '' ? undefined : parseId(id);
    if (named === null) fail('id', `Location ${String(id)} was not found`);
    const targetId = named ?? (typeof info?.location_id === 'number' ? info.location_id : undefined);
    if (targetId !== undefined) {
      const current = await findRow(work, Location, targetId);
      if (!current) fail('id', `Location ${String(id ?? targetId)} was not found`);
      const { values } = await validateInput(work, Location, fields, 'update', current);
      await updateRow(work, Location, current, values);
      return current.id;
    }
    const { values, ownerOrganizationId } = await validateInput(work, Location, fields, 'create');
    return (await insertRow(work, Location, values, ownerOrganizationId ?? organizationId)).id;
  });
}
