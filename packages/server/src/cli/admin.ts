/** `carehooks admin …`: organizations and API keys, straight on the store (works beside a running server). */
import type { Command } from 'commander';
import { loadConfig } from '../app/config.js';
import { rotateSecretKey } from '../app/secret-keys.js';
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

  withStoreOptions(
    admin
      .command('rotate-secret-key')
      .description(
        'seal every webhook signing secret again under a new key (the key file of the embedded store) or ' +
          'under CAREHOOKS_SECRET_KEY; see "Security" in the README',
      )
      .option('--json', 'print JSON'),
  ).action(async (options: { data?: string; json?: boolean }) => {
    const config = loadConfig({ dataDir: options.data });
    const rotation = await withStore(options, (store) => rotateSecretKey(config, store));
    const out = { key_id: rotation.keyId, resealed: rotation.resealed, key_file: rotation.keyFile };
    const done = `Sealed ${rotation.resealed} webhook(s) again; every signing secret is now sealed under key ${rotation.keyId}.`;
    print(
      options.json,
      out,
      rotation.keyFile
        ? `${done}\nThe new key is the first in ${rotation.keyFile}; processes on this store use it without a restart.`
        : `${done}\nOnce every process runs with this CAREHOOKS_SECRET_KEY, remove the old key from CAREHOOKS_SECRET_KEY_FALLBACKS.`,
    );
  });
}

function print(json: boolean | undefined, value: object, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}
