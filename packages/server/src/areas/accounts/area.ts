/**
 * Accounts: users signing in (signIn, signUp, the second factor), with the credentials in tenants/
 * (passwords.ts, sessions.ts) and what each credential may run in graphql/session-operations.ts.
 */
import { area } from '../../registry/index.js';
import { signIn } from './sign-in.js';
import { signUp } from './sign-up.js';
import { toggle2Fa, validateVerificationToken } from './two-factor.js';

export const accounts = area({
  name: 'accounts',
  resources: [],
  special: [signIn, signUp, validateVerificationToken, toggle2Fa],
  enums: { MfaType: ['SMS', 'EMAIL'] },
  objectTypes: {
    // Healthie's white-label brand; carehooks has none, so signUp answers null.
    WhitelabelSetting: {
      amplitude_api_key: { type: 'String', args: { branded_url: 'String' }, resolve: () => null },
      android_app_link: 'String',
      branded_backend_url: 'String',
      branded_email: 'String',
      branded_favicon_url: 'String',
      branded_logo_url: 'String',
      branded_name: 'String',
      branded_url: 'String',
      food_icon_url: 'String',
      id: 'ID!',
      inactivity_minutes_timeout: 'String',
      ios_app_link: 'String',
      metric_icon_url: 'String',
      mixpanel_project_token: { type: 'String', args: { branded_url: 'String' }, resolve: () => null },
      namespace: 'String',
      patient_sso_connection: 'SsoConnection',
      patient_sso_connections: '[SsoConnection!]',
      replacement_words_json: 'String',
      selfie_icon_url: 'String',
      staff_sso_connection: 'SsoConnection',
      staff_sso_connections: '[SsoConnection!]',
      workout_icon_url: 'String',
    },
    SsoConnection: {
      allow_jit_provisioning: 'Boolean',
      for_user_type: 'String',
      id: 'ID!',
      label: 'String',
      sign_in_url: 'String',
      sign_out_url: 'String',
    },
  },
});
