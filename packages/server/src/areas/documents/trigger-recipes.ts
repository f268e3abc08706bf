/**
 * How `carehooks trigger` produces the documents area's events that no standard create / update / delete
 * emits: folder sharings (whose id no answer carries: it is read from the delivery) and faxes from the
 * internal API (see registry/trigger-kit.ts).
 */
import {
  internalFor,
  mutate,
  type AreaTriggers,
  type Recipe,
  type TriggerContext,
} from '../../registry/index.js';

async function sharedFolder(
  ctx: TriggerContext,
): Promise<{ folder: string; patient: string; sharing: string }> {
  const folder = await ctx.create('Folder');
  const patient = await ctx.create('User');
  const sharing = await ctx.observer.watch(
    'folder_sharing.created',
    () =>
      mutate(
        ctx,
        'createSharings',
        { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] },
        'folder { id }',
        'CreateSharingsInput',
      ),
    (event) => String(event.folder_id) === folder && String(event.user_id) === patient,
  );
  return { folder, patient, sharing };
}

export const documentsTriggers: AreaTriggers = {
  recipes: {
    'folder_sharing.created': async (ctx) => (await sharedFolder(ctx)).sharing,
    'folder_sharing.deleted': async (ctx) => {
      const { folder, patient, sharing } = await sharedFolder(ctx);
      return ctx.observer.watch(
        'folder_sharing.deleted',
        () =>
          mutate(
            ctx,
            'destroySharings',
            { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] },
            'folder { id }',
            'DestroySharingsInput',
          ),
        (event) => String(event.resource_id) === sharing,
      );
    },
    'received_fax.created': internalFor('integrations/fax/received', async () => ({
      from_number: '+15555550100',
    })),
    ...Object.fromEntries(
      (['sent_fax.status_changed', 'sent_fax.updated'] as const).map((type): [string, Recipe] => [
        type,
        internalFor('integrations/fax/sent-fax-status', async (ctx) => ({
          sent_fax_id: await ctx.create('SentFax'),
          status: 'delivered',
        })),
      ]),
    ),
  },
  observed: ['folder_sharing.created', 'folder_sharing.deleted'],
};
