/** Documents: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { describeFile } from './files.js';
import { faxRoutes } from './internal-routes.js';
import { resources } from './resources.js';
import { createSharings, destroySharings } from './sharings.js';
import { documentsTriggers } from './trigger-recipes.js';

export const documents = area({
  name: 'documents',
  resources,
  special: [createSharings, destroySharings],
  hooks: { createDocument: { before: describeFile } },
  routes: faxRoutes,
  enums: { ShareableType: ['DOCUMENT', 'FOLDER'] },
  inputTypes: {
    FaxDietitianInput: {
      id: 'ID',
      location: 'FaxLocationInput',
      phone_number: 'String',
      qualifications: 'String',
    },
    FaxLocationInput: {
      id: 'ID',
      city: 'String',
      country: 'String',
      line1: 'String',
      line2: 'String',
      state: 'String',
      zip: 'String',
    },
  },
  triggers: documentsTriggers,
});
