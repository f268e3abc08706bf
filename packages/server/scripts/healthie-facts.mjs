/**
 * Writes test/fixtures/healthie-schema-facts.json from Healthie's published schema when it is present
 * beside the checkout (../shared/reference/healthie-schema.graphql, or CAREHOOKS_REFERENCE_DIR): the names
 * and types of every object, input and enum type, and every Query and Mutation field with its arguments.
 * Names and types only, no descriptions: the schema-parity test holds the API to these facts, so a fresh
 * clone needs nothing outside the repository. Run: npm run facts -w carehooks
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceDir =
  process.env.CAREHOOKS_REFERENCE_DIR ?? path.resolve(here, '../../../../shared/reference');
const source = path.join(referenceDir, 'healthie-schema.graphql');
const target = path.resolve(here, '../test/fixtures/healthie-schema-facts.json');

if (!fs.existsSync(source)) {
  console.error(
    `healthie-facts: ${source} not found (set CAREHOOKS_REFERENCE_DIR); the fixture is unchanged.`,
  );
  process.exit(1);
}

const schema = buildSchema(fs.readFileSync(source, 'utf8'));
const sorted = (entries) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const args = (field) => sorted(field.args.map((a) => [a.name, String(a.type)]));
const outputFields = (type) =>
  sorted(
    Object.values(type.getFields()).map((f) => [
      f.name,
      f.args.length > 0 ? { type: String(f.type), args: args(f) } : String(f.type),
    ]),
  );

const objects = [];
const inputs = [];
const enums = [];
const unions = [];
for (const type of Object.values(schema.getTypeMap())) {
  if (type.name.startsWith('__')) continue;
  if (type === schema.getQueryType() || type === schema.getMutationType()) continue;
  if (isObjectType(type) || isInterfaceType(type)) objects.push([type.name, outputFields(type)]);
  else if (isInputObjectType(type))
    inputs.push([type.name, sorted(Object.values(type.getFields()).map((f) => [f.name, String(f.type)]))]);
  else if (isEnumType(type)) enums.push([type.name, type.getValues().map((v) => v.name)]);
  else if (isUnionType(type))
    unions.push([
      type.name,
      type
        .getTypes()
        .map((t) => t.name)
        .sort(),
    ]);
}

const operations = (root) =>
  sorted(Object.values(root.getFields()).map((f) => [f.name, { type: String(f.type), args: args(f) }]));

const facts = {
  source: 'healthie-schema.graphql (names and types only)',
  generated_by: 'packages/server/scripts/healthie-facts.mjs',
  query: operations(schema.getQueryType()),
  mutation: operations(schema.getMutationType()),
  objects: sorted(objects),
  inputs: sorted(inputs),
  enums: sorted(enums),
  unions: sorted(unions),
};
const text = `${JSON.stringify(facts, null, 2)}\n`;
const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
if (before === text) console.log('healthie-facts: up to date');
else {
  fs.writeFileSync(target, text);
  console.log(`healthie-facts: wrote ${path.relative(process.cwd(), target)}`);
}
