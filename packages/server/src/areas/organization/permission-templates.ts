/**
 * Permission templates (./permission-template-resource.ts) at work: a template moved to another of the
 * caller's organizations (`organization_id`), applied to a membership that names it, let go of by the
 * memberships that named it when it is deleted; and `Organization.permission_templates`.
 */
import {
  fail,
  findRow,
  MAX_PAGE_SIZE,
  parseId,
  typedDb,
  typedTransaction,
  type Computed,
  type MutationHooks,
  type RecordChange,
  type Work,
} from '../../registry/index.js';
import { PermissionTemplate, TEMPLATE_PERMISSIONS } from './permission-template-resource.js';
import { OrganizationMembership, type OrganizationTables } from './resources.js';

/** `organization_id`: the template is kept by that organization (the caller's or a sub-organization). */
async function placeTemplate(work: Work, change: RecordChange): Promise<void> {
  const raw = change.input.organization_id;
  if (raw === undefined || raw === null || raw === '') return;
  const id = parseId(raw);
  if (id === null || !work.scope.includes(id))
    fail('organization_id', `Organization ${String(raw)} was not found`);
  await typedTransaction<OrganizationTables>(work)
    .updateTable('permission_templates')
    .set({ organization_id: id })
    .where('id', '=', change.row.id)
    .execute();
}

/**
 * A deleted template no longer names the memberships it was applied to. Their permissions stay as
 * applied; only the link goes, written directly: Healthie documents no membership event for it.
 */
async function forgetTemplate(work: Work, change: RecordChange): Promise<void> {
  await typedTransaction<OrganizationTables>(work)
    .updateTable('organization_memberships')
    .set({ permission_template_id: null })
    .where('permission_template_id', '=', change.row.id)
    .execute();
}

export const templateHooks: Record<string, MutationHooks> = {
  createPermissionTemplate: { after: placeTemplate },
  updatePermissionTemplate: { after: placeTemplate },
  deletePermissionTemplate: { after: forgetTemplate },
};

/**
 * Applying a template to a membership (naming it, or `permission_template_applied: true` with the one it
 * names): the membership takes the template's permissions, except those the same input sets itself.
 */
export async function applyTemplate(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
  templateId: unknown,
): Promise<void> {
  const id = parseId(templateId);
  const template = id === null ? undefined : await findRow(work, PermissionTemplate, id);
  if (!template) return;
  for (const name of TEMPLATE_PERMISSIONS) {
    if (name in OrganizationMembership.fields && input[name] == null) values[name] = template[name];
  }
}

export const templateFields: Record<string, Computed> = {
  // Every template here is the account's own (carehooks has no built-in ones), so each can be edited.
  can_be_edited: { type: 'Boolean!', resolve: () => true },
};

export const organizationTemplates: Computed = {
  type: '[PermissionTemplateType!]',
  resolve: (org, reader) =>
    reader.scope.includes(org.id)
      ? typedDb<OrganizationTables>(reader)
          .selectFrom('permission_templates')
          .selectAll()
          .where('organization_id', '=', org.id)
          .orderBy('name')
          .orderBy('id')
          .limit(MAX_PAGE_SIZE)
          .execute()
      : [],
};
