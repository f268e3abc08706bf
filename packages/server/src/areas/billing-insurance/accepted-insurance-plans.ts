/**
 * `createAcceptedInsurancePlan`: the practice accepts several insurance plans at once; each plan it did not
 * accept yet becomes a record (`accepted_insurance_plan.created`, in input order). The payload lists the
 * organization's records for every plan named.
 */
import { z } from 'zod';
import {
  createRecord,
  parseId,
  parseInput,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { AcceptedInsurancePlan, type BillingInsuranceTables } from './resources.js';

const NO_PLANS = 'Insurance plan ids must name at least one plan';

/** The plans named, as ids without repeats in input order; the first value that is no id is refused. */
const planIds = z.object({
  insurance_plan_ids: z
    .array(z.unknown(), { error: NO_PLANS })
    .min(1, { error: NO_PLANS })
    .transform((values, ctx) => {
      const ids: number[] = [];
      for (const value of values) {
        const id = parseId(value);
        if (id === null) {
          ctx.addIssue({ code: 'custom', message: `Insurance plan id ${String(value)} is not an id` });
          return z.NEVER;
        }
        if (!ids.includes(id)) ids.push(id);
      }
      return ids;
    }),
});

export const createAcceptedInsurancePlan: SpecialMutation = {
  name: 'createAcceptedInsurancePlan',
  input: 'createAcceptedInsurancePlanInput',
  inputFields: { insurance_plan_ids: '[ID]' },
  payload: 'createAcceptedInsurancePlanPayload',
  returns: { accepted_insurance_plans: '[AcceptedInsurancePlan]' },
  async run(work, input) {
    const { insurance_plan_ids: ids } = parseInput(planIds, input);
    const plans: StoredRow[] = [];
    for (const id of ids) {
      const existing = (await typedTransaction<BillingInsuranceTables>(work)
        .selectFrom('accepted_insurance_plans')
        .selectAll()
        .where('insurance_plan_id', '=', id)
        .where('organization_id', '=', work.caller.organizationId)
        .executeTakeFirst()) as StoredRow | undefined;
      plans.push(existing ?? (await createRecord(work, AcceptedInsurancePlan, { insurance_plan_id: id })));
    }
    return { accepted_insurance_plans: plans };
  },
};
