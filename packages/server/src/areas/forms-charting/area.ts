/** Forms and charting: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import {
  applyCondition,
  customModuleFields,
  customModuleFormFields,
  recordEditor,
  removeCondition,
  templateQueries,
} from './custom-module-forms.js';
import { customModuleOptions, hipaaName } from './custom-modules.js';
import {
  completedItemFields,
  createFormAnswerGroupSigning,
  deleteFormAnswerGroup,
  formAnswerGroupFields,
  initialFormAnswers,
  lockFormAnswerGroup,
  recordedAt,
  recordSubmission,
  signFormAnswerGroup,
  unlockFormAnswerGroup,
} from './form-answer-groups.js';
import {
  createAppointmentFormAnswerGroupConnection,
  deleteAppointmentFormAnswerGroupConnection,
} from './appointment-connections.js';
import { generateChartingPdf, generatedPdfField, shareAnswersAsDocument } from './charting-pdf.js';
import { createClientViaForm } from './client-via-form.js';
import { convertGeneratedFormAnswerGroup } from './convert-generated.js';
import { formRoutes } from './internal-routes.js';
import { onboardingItemQueries } from './onboarding-items.js';
import { generatedDraftFields, unkeptGroupFields, unkeptObjectTypes } from './unkept-parts.js';
import {
  recurringFormFields,
  requestForm,
  requestInput,
  requestOthers,
  stopRecurrence,
} from './requested-forms.js';
import { AUDIT_ACTIONS, FormAnswerGroup, resources } from './resources.js';
import { givenTimes } from './timestamps.js';
import { copyCustomModule, copyCustomModuleForm, shareCustomModuleForm } from './template-copies.js';
import { formsChartingTriggers } from './trigger-recipes.js';
import { updateFormAnswerGroup } from './update-form-answer-group.js';
import { auditAddendum, auditEventFields, versioningStreamName } from './audit-events.js';

const backDated = givenTimes(FormAnswerGroup, ['created_at', 'updated_at']);

export const formsCharting = area({
  name: 'forms-charting',
  resources,
  special: [
    lockFormAnswerGroup,
    unlockFormAnswerGroup,
    signFormAnswerGroup,
    createFormAnswerGroupSigning,
    deleteFormAnswerGroup,
    updateFormAnswerGroup,
    createAppointmentFormAnswerGroupConnection,
    deleteAppointmentFormAnswerGroupConnection,
    copyCustomModule,
    copyCustomModuleForm,
    shareCustomModuleForm,
    convertGeneratedFormAnswerGroup,
    createClientViaForm,
    generateChartingPdf,
    shareAnswersAsDocument,
  ],
  hooks: {
    createCustomModuleForm: { before: recordEditor },
    updateCustomModuleForm: { before: recordEditor },
    createCustomModule: { before: customModuleOptions },
    updateCustomModule: { before: customModuleOptions, after: applyCondition },
    deleteCustomModule: { after: removeCondition },
    createFormAnswerGroup: {
      before: recordedAt,
      after: async (work, change) => {
        await recordSubmission(work, change);
        await backDated(work, change);
      },
    },
    createRequestedFormCompletion: { prepare: requestInput, before: requestForm, after: requestOthers },
    createAddendum: { after: auditAddendum },
    deleteRequestedFormCompletion: { after: stopRecurrence },
  },
  inputTypes: {
    FormAnswerInput: {
      answer: 'String',
      conditional_custom_module_id: 'ID',
      custom_module_id: 'String',
      filter_type: 'String',
      mod_type: 'String',
      id: 'ID',
      label: 'String',
      user_id: 'String',
      value_to_filter: 'String',
    },
    // updateFormAnswerGroup declares it to match Healthie, and refuses it (./update-form-answer-group.ts).
    IndividualClientNoteInput: {
      content: 'String',
      id: 'ID',
      attended: 'Boolean',
      icd_codes_individual_client_notes_attributes: '[IcdCodesIndividualClientNoteInput]',
      join_time: 'String',
      leave_time: 'String',
      user_id: 'ID',
    },
    IcdCodesIndividualClientNoteInput: { id: 'ID', icd_code_id: 'ID', position: 'Int', _destroy: 'Boolean' },
    CustomModuleConditionInput: {
      _destroy: 'Boolean',
      conditional_custom_module_id: 'ID',
      filter_type: 'String',
      id: 'ID',
      value_to_filter: 'String',
    },
  },
  extend: {
    CustomModuleForm: { computed: customModuleFormFields },
    CustomModule: {
      // Forms here have no autoscoring, so no question scores with others.
      computed: {
        ...customModuleFields,
        other_module_ids_to_autoscore_on: { type: '[ID]', resolve: () => [] },
        hipaa_name: { type: 'String', resolve: hipaaName },
      },
    },
    FormAnswerGroup: {
      many: {
        form_answer_group_audit_events: {
          type: '[FormAnswerGroupAuditEvent!]!',
          resource: 'FormAnswerGroupAuditEvent',
          foreignKey: 'form_answer_group_id',
        },
      },
      computed: {
        ...formAnswerGroupFields,
        ...unkeptGroupFields,
        versioning_stream_name: versioningStreamName,
      },
    },
    FormAnswerGroupAuditEvent: { computed: auditEventFields },
    GeneratedFormAnswerGroup: { computed: generatedDraftFields },
    RecurringForm: { computed: recurringFormFields },
    CompletedOnboardingItem: { computed: completedItemFields },
    // The PDFs generateChartingPdf and shareAnswersAsDocument render (carehooks adds the field).
    Document: { computed: { generated_pdf: generatedPdfField } },
  },
  extendTypes: {
    Query: { ...templateQueries, initialFormAnswers, ...onboardingItemQueries },
    // carehooks sends the requests at once (no background job): a created request answers `sent`.
    createRequestedFormPayload: {
      requestedFormCompletionStatus: {
        type: 'RequestedFormStatusType',
        resolve: (payload) =>
          (payload as { requestedFormCompletion?: unknown }).requestedFormCompletion
            ? { status: 'sent' }
            : null,
      },
    },
  },
  enums: { Action: AUDIT_ACTIONS },
  objectTypes: { RequestedFormStatusType: { status: 'String' }, ...unkeptObjectTypes },
  routes: formRoutes,
  triggers: formsChartingTriggers,
});
