/**
 * `FormAnswerGroup.cms1500`: the claim made from a charting note (a CMS 1500 whose `form_answer_group_id`
 * names it; the latest when several were), added to the forms-charting area's type.
 */
import { typedDb, type Computed } from '../../registry/index.js';
import type { BillingInsuranceTables } from './resources.js';

export const formClaimFields: Record<string, Computed> = {
  cms1500: {
    type: 'Cms1500',
    resolve: async (group, reader) =>
      (await typedDb<BillingInsuranceTables>(reader)
        .selectFrom('cms1500s')
        .selectAll()
        .where('form_answer_group_id', '=', group.id)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id', 'desc')
        .executeTakeFirst()) ?? null,
  },
};
