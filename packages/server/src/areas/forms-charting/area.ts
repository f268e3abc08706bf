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
import { customModuleOptions } from './custom-modules.js';
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
import { formRoutes } from './internal-routes.js';
import {
  recurringFormFields,
  requestForm,
  requestInput,
  requestOthers,
  stopRecurrence,
} from './requested-forms.js';
import { FormAnswerGroup, resources } from './resources.js';
import { givenTimes } from './timestamps.js';
import { formsChartingTriggers } from './trigger-recipes.js';

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
    CustomModule: { computed: customModuleFields },
    FormAnswerGroup: { computed: formAnswerGroupFields },
    RecurringForm: { computed: recurringFormFields },
    CompletedOnboardingItem: { computed: completedItemFields },
  },
  extendTypes: {
    Query: { ...templateQueries, initialFormAnswers },
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
  objectTypes: { RequestedFormStatusType: { status: 'String' } },
  routes: formRoutes,
  triggers: formsChartingTriggers,
});
