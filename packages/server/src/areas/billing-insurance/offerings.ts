/**
 * createOffering / updateOffering / deleteOffering: the nested inputs. The image (an upload as a data URL,
 * or `default_selection_image_url`) becomes an `OfferingImage` the offering names; `offering_includes` and
 * `offering_products` add or change the included appointments and products (a product named by `id`, or
 * made from its `name`); `course_ids`, `user_group_ids` and `lab_option_ids` make the offering include
 * exactly those courses, be visible to exactly those groups and include exactly those lab tests. Deleting an
 * offering removes what it includes; its purchases stay, as payment history.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  within,
  type AnyResource,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  applyChild,
  applyChildren,
  childrenOf,
  nestedItem,
  nestedItems,
  type InputItem,
} from '../../registry/nested-input.js';
import {
  OfferingCourse,
  OfferingGroupVisibility,
  OfferingImage,
  OfferingInclude,
  OfferingLabOption,
  OfferingProduct,
  Product,
} from './offering-resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;([^,]*))?,(.*)$/s;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The decoded size in bytes of a data URL's contents. */
function dataSize(parameters: string | undefined, contents: string): number {
  if ((parameters ?? '').split(';').includes('base64')) return Buffer.from(contents, 'base64').length;
  try {
    return Buffer.byteLength(decodeURIComponent(contents));
  } catch {
    return Buffer.byteLength(contents);
  }
}

/** The image the input gives (an upload or a URL), recorded; undefined when it gives none. */
async function imageOf(work: Work, input: Record<string, unknown>): Promise<StoredRow | undefined> {
  const upload = nestedItem(input.offering_image)?.image;
  const now = new Date(work.uow.now).toISOString();
  if (given(upload)) {
    const match = typeof upload === 'string' ? DATA_URL.exec(upload) : null;
    if (!match) fail('offering_image.image', 'must be a data URL (data:<type>;base64,...)');
    const [, type, parameters, contents] = match;
    const contentType = type!.toLowerCase();
    const extension = contentType.split('/')[1]!.split('+')[0]!;
    return within('offering_image', () =>
      createRecord(work, OfferingImage, {
        name: typeof input.name === 'string' ? input.name : null,
        image_content_type: contentType,
        image_file_name: `offering_image.${extension}`,
        image_file_size: String(dataSize(parameters, contents!)),
        image_updated_at: now,
      }),
    );
  }
  const url = input.default_selection_image_url;
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  const parsed = URL.canParse(url.trim()) ? new URL(url.trim()) : null;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
    fail('default_selection_image_url', 'must be an http or https URL');
  return within('default_selection_image_url', () =>
    createRecord(work, OfferingImage, {
      image_url: parsed.href,
      image_file_name: decodeURIComponent(parsed.pathname.split('/').pop() ?? '') || null,
      image_updated_at: now,
    }),
  );
}

async function beforeWrite(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  if (input.has_first_payment === false) values.first_time_payment = null;
  const image = await imageOf(work, input);
  if (image) values.offering_image_id = image.id;
}

/** The items of a comma-separated list input, each once; null when the input is absent. */
function listed(input: Record<string, unknown>, name: string): string[] | null {
  const given = input[name];
  if (given === undefined || given === null) return null;
  return [
    ...new Set(
      String(given)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

/** The id of a record of `target` within scope, refused naming the list input when there is none. */
const recordIn =
  (target: string, name: string) =>
  async (work: Work, raw: string): Promise<number> => {
    const id = parseId(raw);
    const found = id === null ? undefined : await findRow(work, work.registry.get(target), id);
    if (!found) fail(name, `${target} ${raw} was not found`);
    return found.id;
  };

/**
 * Makes the offering's `child` rows name exactly what the list input names (`column` holds each one's
 * value, as `valueOf` reads it from the item).
 */
async function syncLinks(
  work: Work,
  offering: StoredRow,
  input: Record<string, unknown>,
  name: string,
  child: AnyResource,
  column: string,
  valueOf: (work: Work, raw: string) => Promise<number | string>,
): Promise<void> {
  const items = listed(input, name);
  if (items === null) return;
  const wanted: Array<number | string> = [];
  for (const raw of items) wanted.push(await valueOf(work, raw));
  const held = await childrenOf(work, child, 'offering_id', offering.id);
  const same = (row: StoredRow, value: number | string) => String(row[column]) === String(value);
  for (const row of held) if (!wanted.some((v) => same(row, v))) await deleteRecord(work, child, row);
  for (const value of wanted) {
    if (held.some((row) => same(row, value))) continue;
    await createRecord(work, child, { offering_id: offering.id, [column]: value });
  }
}

/** An item's `product`: the one its `id` names, else a new one of its `name` (at the item's price). */
async function productOf(work: Work, product: InputItem, price: unknown): Promise<number> {
  if (given(product.id)) {
    const id = parseId(product.id);
    const found = id === null ? undefined : await findRow(work, Product, id);
    if (!found) fail('product.id', `Product ${String(product.id)} was not found`);
    return found.id;
  }
  if (typeof product.name !== 'string' || product.name.trim() === '')
    fail('product', 'Product needs an id or a name');
  const made = await within('product', () =>
    createRecord(work, Product, { name: product.name, ...(typeof price === 'string' ? { price } : {}) }),
  );
  return made.id;
}

/** `offering_products`: each item added, changed or (`_destroy`) removed, with its product. */
async function applyProducts(work: Work, offering: StoredRow, input: Record<string, unknown>) {
  for (const [index, item] of nestedItems(input.offering_products)) {
    await within(`offering_products[${index}]`, async () => {
      const { product, ...fields } = item;
      const named = nestedItem(product);
      if (named) fields.product_id = await productOf(work, named, fields.price);
      await applyChild(work, OfferingProduct, 'offering_id', offering, fields);
    });
  }
}

async function afterWrite(work: Work, change: RecordChange): Promise<void> {
  const { row, input } = change;
  await applyChildren(
    work,
    OfferingInclude,
    'offering_id',
    row,
    'offering_includes',
    nestedItems(input.offering_includes),
  );
  await applyProducts(work, row, input);
  const courses = recordIn('Course', 'course_ids');
  await syncLinks(work, row, input, 'course_ids', OfferingCourse, 'course_id', courses);
  const groups = recordIn('UserGroup', 'user_group_ids');
  await syncLinks(work, row, input, 'user_group_ids', OfferingGroupVisibility, 'user_group_id', groups);
  // A lab test is named by its identifier at the lab; carehooks keeps no catalogue to check it against.
  const tests = async (_work: Work, raw: string) => raw;
  await syncLinks(work, row, input, 'lab_option_ids', OfferingLabOption, 'lab_option_id', tests);
}

export const offeringHooks: MutationHooks = { before: beforeWrite, after: afterWrite };

const PARTS = [OfferingInclude, OfferingProduct, OfferingCourse, OfferingGroupVisibility, OfferingLabOption];

/** Deleting an offering removes what it includes. */
export const deleteOfferingHooks: MutationHooks = {
  async after(work, change) {
    for (const part of PARTS) {
      for (const row of await childrenOf(work, part, 'offering_id', change.row.id))
        await deleteRecord(work, part, row);
    }
  },
};
