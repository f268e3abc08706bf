/** Forms and charting: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { customModuleOptions } from './custom-modules.js';
import {
  createFormAnswerGroupSigning,
  lockFormAnswerGroup,
  recordSubmission,
  signFormAnswerGroup,
  unlockFormAnswerGroup,
} from './form-answer-groups.js';
import { formRoutes } from './internal-routes.js';
import { singleRecipient } from './requested-forms.js';
import { resources } from './resources.js';
import { formsChartingTriggers } from './trigger-recipes.js';

export const formsCharting = area({
  name: 'forms-charting',
  resources,
  special: [lockFormAnswerGroup, unlockFormAnswerGroup, signFormAnswerGroup, createFormAnswerGroupSigning],
  hooks: {
    createCustomModule: { before: customModuleOptions },
    updateCustomModule: { before: customModuleOptions },
    createFormAnswerGroup: { after: recordSubmission },
    createRequestedFormCompletion: { prepare: singleRecipient },
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
  routes: formRoutes,
  triggers: formsChartingTriggers,
});
