/**
 * Permission templates (Healthie's `PermissionTemplateType`): a named set of a member's permissions, applied
 * to a membership by naming it (`permission_template_id`, ./permission-templates.ts). The reference
 * documents no events for them, so none are emitted.
 */
import { bool, ref, resource, text, type Field } from '../../registry/index.js';

/** The permissions a template holds, each a flag stored as given (false unless set). */
export const TEMPLATE_PERMISSIONS = [
  'allow_group_level_actions',
  'allow_self_scheduling_in_care_team',
  'auto_create_convo_for_care_team',
  'can_access_calendar_quick_share',
  'can_access_to_members_chat',
  'can_add_clients',
  'can_add_members',
  'can_add_members_to_chat',
  'can_assign_tasks_to_all_org_members',
  'can_autogenerate_charting_notes_from_zoom_calls',
  'can_be_care_team_member',
  'can_charge_clients',
  'can_create_tags',
  'can_delete_charting_notes',
  'can_delete_faxes',
  'can_edit_appointment_types',
  'can_edit_calendar',
  'can_edit_credit',
  'can_edit_docs',
  'can_edit_education',
  'can_edit_forms',
  'can_edit_members',
  'can_edit_packages',
  'can_edit_products',
  'can_edit_settings',
  'can_enroll_clients_to_programs',
  'can_lock_others_charting_notes',
  'can_lock_own_charting_notes',
  'can_manage_care_plan_templates',
  'can_mark_assigned_tasks_to_other_org_members_as_completed',
  'can_merge_clients',
  'can_order_labs',
  'can_remove_client',
  'can_remove_org_member_signatures',
  'can_rename_and_delete_tags',
  'can_see_billing',
  'can_see_calendar',
  'can_see_clients',
  'can_see_docs',
  'can_see_faxes',
  'can_see_fullscript_tab',
  'can_see_sent_faxes',
  'can_see_transfers',
  'can_set_client_password',
  'can_share_documents_and_folders_with_org_members',
  'can_sign_others_charting_notes',
  'can_sign_own_charting_notes',
  'can_submit_cms_1500s_to_change_health',
  'can_submit_cms_1500s_to_office_ally',
  'can_view_all_org_members_tasks',
  'can_view_audit_log',
  'can_view_cms1500s',
  'can_view_goal_templates',
  'can_view_labs',
  'can_view_org_dashboard',
  'can_view_reports',
  'can_view_super_bills',
  'can_write_org_addendums',
  'create_chat_when_assigned',
  'gets_failed_fax_notif',
  'gets_fax_notif',
  'has_own_branding',
  'is_admin',
  'is_developer',
  'is_provider',
  'notify_any_client_activity',
  'notify_on_book',
  'notify_on_cancel',
  'notify_on_payment_failure',
  'request_eligibility_checks',
  'sees_all_billing',
  'sees_all_clients',
  'send_email_on_intake_flow_complete',
  'send_email_on_intake_flow_start',
  'share_appointment_types',
  'share_custom_metrics',
  'share_fullscript',
  'share_goal_templates',
  'share_packages',
  'share_smart_phrases',
  'share_user_groups',
  'show_availability_first',
  'show_org_tab',
  'start_conversation_with',
] as const;

/** Permissions Healthie answers as `Boolean!` (on templates and memberships alike). */
export const NON_NULL_PERMISSIONS: readonly string[] = [
  'allow_group_level_actions',
  'can_access_calendar_quick_share',
  'can_add_clients',
  'can_add_members',
  'can_be_care_team_member',
  'can_charge_clients',
  'can_delete_charting_notes',
  'can_delete_faxes',
  'can_edit_appointment_types',
];

/** Healthie's inputs differ on two: `share_user_groups` only on create, the Change Healthcare one only on update. */
const WRITABLE: Record<string, 'create' | 'update'> = {
  share_user_groups: 'create',
  can_submit_cms_1500s_to_change_health: 'update',
};

const permissionFields = Object.fromEntries(
  TEMPLATE_PERMISSIONS.map((name) => [
    name,
    bool({
      default: false,
      input: 'Boolean',
      ...(NON_NULL_PERMISSIONS.includes(name) ? { gql: 'Boolean!' } : {}),
      ...(WRITABLE[name] ? { writable: WRITABLE[name] } : {}),
    }),
  ]),
) as Record<(typeof TEMPLATE_PERMISSIONS)[number], Field<0 | 1>>;

const organizationInput = {
  type: 'ID',
  effect: "the template belongs to this organization (the caller's or one of its sub-organizations)",
};

export const PermissionTemplate = resource({
  name: 'PermissionTemplate',
  type: 'PermissionTemplateType',
  table: 'permission_templates',
  fields: {
    name: text({ required: true }),
    org_role: text(),
    user_id: ref('User', { writable: 'none', object: 'user', default: (caller) => caller.userId }),
    ...permissionFields,
  },
  timestamps: { created_at: 'String!' },
  byId: 'permissionTemplate',
  list: {
    name: 'permissionTemplates',
    count: 'permissionTemplatesCount',
    cursor: true,
    defaultOrder: ['name', 'asc'],
  },
  payloadField: 'permissionTemplate',
  mutations: {
    create: {
      name: 'createPermissionTemplate',
      field: 'newPermissionTemplate',
      inputs: { organization_id: organizationInput },
    },
    update: { name: 'updatePermissionTemplate', inputs: { organization_id: organizationInput } },
    delete: { name: 'deletePermissionTemplate', field: 'permission_template' },
  },
});
