/**
 * CMS place-of-service codes (the two-digit codes claims use), as Healthie's `PlaceOfService`. A
 * location's `place_of_service_id` is read as the code's number (`11` is an office). Imports nothing, so
 * resources.ts may use it.
 */
const PLACES: Record<number, string> = {
  2: 'Telehealth Provided Other than in Patient’s Home',
  3: 'School',
  4: 'Homeless Shelter',
  10: 'Telehealth Provided in Patient’s Home',
  11: 'Office',
  12: 'Home',
  13: 'Assisted Living Facility',
  14: 'Group Home',
  15: 'Mobile Unit',
  19: 'Off Campus-Outpatient Hospital',
  20: 'Urgent Care Facility',
  21: 'Inpatient Hospital',
  22: 'On Campus-Outpatient Hospital',
  23: 'Emergency Room – Hospital',
  24: 'Ambulatory Surgical Center',
  31: 'Skilled Nursing Facility',
  32: 'Nursing Facility',
  33: 'Custodial Care Facility',
  49: 'Independent Clinic',
  50: 'Federally Qualified Health Center',
  51: 'Inpatient Psychiatric Facility',
  53: 'Community Mental Health Center',
  57: 'Non-residential Substance Abuse Treatment Facility',
  71: 'Public Health Clinic',
  72: 'Rural Health Clinic',
  81: 'Independent Laboratory',
  99: 'Other Place of Service',
};

export interface PlaceOfService {
  id: string;
  code: string;
  name: string;
  code_name: string;
}

/** The place of service an id names, or null for an id that is no CMS code. */
export function placeOfService(id: unknown): PlaceOfService | null {
  const number = typeof id === 'number' ? id : Number(id);
  const name = Number.isSafeInteger(number) ? PLACES[number] : undefined;
  if (name === undefined) return null;
  const code = String(number).padStart(2, '0');
  return { id: String(number), code, name, code_name: `${code} - ${name}` };
}

/** The GraphQL type (Healthie's field names and types). */
export const placeOfServiceType = { code: 'String', code_name: 'String', id: 'ID!', name: 'String' };
