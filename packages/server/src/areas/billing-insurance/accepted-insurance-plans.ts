/**
 * `createAcceptedInsurancePlan`: the practice accepts several insurance plans at once; each plan it did not
 * accept yet becomes a record (`accepted_insurance_plan.created`, in input order). The payload lists the
 * organization's records for every plan named.
 */
import { createRecord, fail, parseId, type SpecialMutation, type StoredRow } from '../../registry/index.js';
import { typedTransaction } from '../typed-db.js';

export const createAcceptedInsurancePlan: SpecialMutation = {
  name: 'createAcceptedInsurancePlan',
  input: 'createAcceptedInsurancePlanInput',
  inputFields: { insurance_plan_ids: '[ID]' },
  payload: 'createAcceptedInsurancePlanPayload',
  returns: { accepted_insurance_plans: '[AcceptedInsurancePlan]' },
  async run(work, input) {
    const raw = Array.isArray(input.insurance_plan_ids) ? input.insurance_plan_ids : [];
    if (raw.length === 0) fail('insurance_plan_ids', 'Insurance plan ids must name at least one plan');
    const ids: number[] = [];
    for (const value of raw) {
      const id = parseId(value);
      if (id === null) fail('insurance_plan_ids', `Insurance plan id ${String(value)} is not an id`);
      if (!ids.includes(id)) ids.push(id);
    }
    const accepted = work.registry.get('AcceptedInsurancePlan');
    const plans: StoredRow[] = [];
    for (const id of ids) {
      const existing = (await typedTransaction(work)
        .selectFrom('accepted_insurance_plans')
        .selectAll()
        .where('insurance_plan_id', '=', id)
        .where('organization_id', '=', work.caller.organizationId)
        .executeTakeFirst()) as StoredRow | undefined;
      plans.push(existing ?? (await createRecord(work, accepted, { insurance_plan_id: id })));
    }
    return { accepted_insurance_plans: plans };
  },
};
