/**
 * Healthie's `InsurancePlan`, as the records that name a plan answer it. carehooks keeps no payer list:
 * a plan is its id (`insurance_plan_id`) and the payer name a client's policy gave for it (updateClient's
 * `insurance_plan { payer_name }`; the latest such policy's). `is_accepted` says whether the organization
 * accepts the plan (createAcceptedInsurancePlan); no plan is in a fee schedule (none are kept), and no
 * clearinghouse ids or payer addresses are known.
 */
import { encodeCursor, type Computed, type Reader, type StoredRow } from '../../registry/index.js';

/** The plan object for `id`; null when none is named. */
export function insurancePlanObject(id: unknown): Record<string, unknown> | null {
  if (id === null || id === undefined || id === '') return null;
  return { id: String(id), cursor: encodeCursor(Number(id)) };
}

/** A `{ insurance_plan }` field of a record whose `column` names the plan. */
export const insurancePlanField = (column: string): Computed => ({
  type: 'InsurancePlan',
  resolve: (row) => insurancePlanObject(row[column]),
});

async function payerName(plan: StoredRow, reader: Reader): Promise<string | null> {
  const policy = (await reader.db
    .selectFrom('policies')
    .select('payer_name')
    .where('insurance_plan_id', '=', Number(plan.id))
    .where('payer_name', 'is not', null)
    .where('organization_id', 'in', reader.scope)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()) as { payer_name: string } | undefined;
  return policy?.payer_name ?? null;
}

const nothing = (type: string, args: Record<string, string> = {}): Computed => ({
  type,
  args,
  resolve: () => null,
});

export const insurancePlanType: Record<string, string | Computed> = {
  id: 'ID!',
  cursor: 'Cursor!',
  payer_name: { type: 'String', resolve: payerName },
  name_and_id: {
    type: 'String',
    resolve: async (plan, reader) => {
      const name = await payerName(plan, reader);
      return name === null ? String(plan.id) : `${name} (${String(plan.id)})`;
    },
  },
  is_accepted: {
    type: 'Boolean',
    args: { known_value: 'Boolean' },
    resolve: async (plan, reader) => {
      // The billing area's accepted plans, read by name (billing reads this area, not the other way round).
      const accepted = await reader.db
        .selectFrom('accepted_insurance_plans')
        .select('id')
        .where('insurance_plan_id', '=', Number(plan.id))
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return accepted !== undefined;
    },
  },
  is_in_fee_schedules: { type: 'Boolean', resolve: () => false },
  payer_id: nothing('String'),
  change_healthcare_payer_id: nothing('String'),
  change_healthcare_eligibility_payer_id: nothing('String'),
  default_payer_location: nothing('Location', { ids: 'String' }),
  user: nothing('User'),
};
