/** `carehooks admin …`: organizations and API keys, straight on the store (works beside a running server). */
import type { Command } from 'commander';
import { issueApiKey } from '../tenants/api-keys.js';
import { createOrganization } from '../tenants/organizations.js';
import { CliError, parseId } from './errors.js';
import { withStore, withStoreOptions } from './store-options.js';

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('manage organizations and API keys');

  withStoreOptions(
    admin
      .command('create-org')
      .description('create an organization with an owner and an API key')
      .requiredOption('--name <name>', 'organization name')
      .option('--parent <orgId>', 'make it a sub-organization of this organization')
      .option('--owner-email <email>', "the owner's email (receives webhook failure notices)")
      .option('--json', 'print JSON'),
  ).action(
    async (options: {
      name: string;
      parent?: string;
      ownerEmail?: string;
      data?: string;
      json?: boolean;
    }) => {
      const parentId = options.parent === undefined ? null : parseId(options.parent, '--parent');
      const created = await withStore(options, (store) =>
        store.db.transaction().execute((trx) =>
          createOrganization(trx, {
            name: options.name,
            parentId,
            owner: { email: options.ownerEmail ?? null },
          }),
        ),
      );
      const out = {
        organization_id: String(created.organizationId),
        user_id: String(created.userId),
        api_key: created.apiKey,
      };
      print(
        options.json,
        out,
        `Organization ${out.organization_id} (owner user ${out.user_id})\nAPI key: ${out.api_key}`,
      );
    },
  );

  withStoreOptions(
    admin
      .command('create-api-key')
      .description("issue a new API key for an organization's owner")
      .requiredOption('--org <orgId>', 'organization id')
      .option('--json', 'print JSON'),
  ).action(async (options: { org: string; data?: string; json?: boolean }) => {
    const organizationId = parseId(options.org, '--org');
    const issued = await withStore(options, async (store) => {
      const org = await store.db
        .selectFrom('organizations')
        .select(['id', 'owner_user_id'])
        .where('id', '=', organizationId)
        .executeTakeFirst();
      if (!org?.owner_user_id) throw new CliError(`Organization ${organizationId} does not exist.`);
      return issueApiKey(store.db, { organizationId, userId: org.owner_user_id });
    });
    const out = { organization_id: String(organizationId), api_key: issued.apiKey };
    print(options.json, out, `API key: ${out.api_key}`);
  });
}

function print(json: boolean | undefined, value: object, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}
