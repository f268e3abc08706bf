/**
 * Parts of filled-in forms carehooks keeps none of, answered as empty, with Healthie's types declared so
 * clients' selections validate:
 * - autoscored sections: forms here have no autoscoring (see `CustomModuleForm` fields);
 * - a group charting note's individual client notes: updateFormAnswerGroup refuses them;
 * - a generated draft's answers: the internal source reports drafts without answers;
 * - AI summaries and product recommendations: off on a new Healthie account.
 */
import { accountDefault, type Computed } from '../../registry/index.js';

const none = (type: string, value: null | [] = []): Computed => ({ type, resolve: () => value });

export const unkeptObjectTypes: Record<string, Record<string, string>> = {
  AutoscoredSectionType: { section_key: 'String', section_title: 'String', show: 'Boolean', value: 'Float' },
  IndividualClientType: {
    appointment_inclusion_id: 'ID',
    attended: 'Boolean',
    content: 'String',
    icd_codes_individual_client_notes: '[IcdCodesIndividualClientNote!]',
    id: 'ID!',
    join_time: 'String',
    leave_time: 'String',
    updated_at: 'ISO8601DateTime',
    user: 'User',
  },
  IcdCodesIndividualClientNote: { icd_code: 'IcdCode', icd_code_id: 'ID', id: 'ID', position: 'Int' },
  GeneratedFormAnswerType: {
    answer: 'String',
    custom_module: 'CustomModule',
    displayed_answer: 'String',
    id: 'ID',
  },
};

export const unkeptGroupFields: Record<string, Computed> = {
  autoscored_sections: none('[AutoscoredSectionType!]!'),
  individual_client_notes: none('[IndividualClientType!]'),
  individual_note: { ...none('IndividualClientType', null), args: { user_id: 'ID' } },
  current_summary: accountDefault('GeneratedSummary', null),
  packages_with_recommended_products_purchase_url: accountDefault('String', null),
};

export const generatedDraftFields: Record<string, Computed> = {
  generated_form_answers: none('[GeneratedFormAnswerType!]!'),
};
