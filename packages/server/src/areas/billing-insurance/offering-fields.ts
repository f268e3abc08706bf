/**
 * Fields derived from offerings and their purchases: an offering's payment terms and totals, what it
 * includes, and the links from payments, courses and people back to offerings; plus the read-back queries of
 * an offering's parts. Settings of integrations carehooks does not run (Living Plate meal plans, Facebook
 * pixels, Infusionsoft tags, Healthie's hosted purchase page) answer what a new account has.
 */
import {
  accountDefault,
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type ResourceExtension,
  type StoredRow,
} from '../../registry/index.js';
import { labOptionsOf, type LabOptionValue } from '../clinical/index.js';
import { Offering, UserPackageSelection } from './offering-resources.js';
import type { BillingInsuranceTables } from './resources.js';

const db = (reader: Reader) => typedDb<BillingInsuranceTables>(reader);

const cents = (value: unknown) => Math.round(Number(value ?? 0) * 100);
const amount = (value: number) => (value / 100).toFixed(2);
const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** No frequency, or `Once`: a single payment. */
export const isRecurring = (offering: StoredRow): boolean =>
  filled(offering.billing_frequency) && !/^(once|one[- ]?time)$/i.test(offering.billing_frequency.trim());

/** What a purchase charges first: the first payment when one is set, else the price. */
export const initialPayment = (offering: StoredRow): string | null =>
  filled(offering.first_time_payment)
    ? offering.first_time_payment
    : filled(offering.price)
      ? offering.price
      : null;

const ABBREVIATIONS: Record<string, string> = {
  daily: 'day',
  weekly: 'wk',
  monthly: 'mo',
  quarterly: 'qtr',
  yearly: 'yr',
  annually: 'yr',
};

const frequencyTimes = (offering: StoredRow): string => {
  if (!isRecurring(offering)) return 'one time';
  const frequency = String(offering.billing_frequency).trim().toLowerCase();
  return filled(offering.repeat_times)
    ? `${frequency}, ${offering.repeat_times} times`
    : `${frequency}, until cancelled`;
};

const abbreviatedFrequencyTimes = (offering: StoredRow): string | null => {
  if (!isRecurring(offering)) return null;
  const frequency = String(offering.billing_frequency).trim().toLowerCase();
  const unit = `/${ABBREVIATIONS[frequency] ?? frequency}`;
  return filled(offering.repeat_times) ? `${unit} x ${offering.repeat_times}` : unit;
};

async function offeringOf(reader: Reader, id: unknown): Promise<StoredRow | null> {
  const offeringId = parseId(id);
  return offeringId === null ? null : ((await findRow(reader, Offering, offeringId)) ?? null);
}

/** The offering's parts of one table, within scope, oldest first. */
function partsOf(
  reader: Reader,
  table: 'offering_includes' | 'offering_products' | 'offering_courses',
  offeringId: number,
) {
  return reader.db
    .selectFrom(table)
    .selectAll()
    .where('offering_id', '=', offeringId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id');
}

/** Purchases of the offering (within scope). */
async function purchaseCount(reader: Reader, offeringId: number): Promise<number> {
  const row = await db(reader)
    .selectFrom('user_package_selections')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('offering_id', '=', offeringId)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Payments of the offering that are not deleted (within scope). */
function paymentsOf(reader: Reader, offeringId: number) {
  return db(reader)
    .selectFrom('billing_items')
    .where('offering_id', '=', offeringId)
    .where('deleted_at', 'is', null)
    .where('organization_id', 'in', reader.scope);
}

/** A product line's tax: its price (the product's when it sets none) times quantity times the tax rate. */
async function productTax(reader: Reader, line: StoredRow): Promise<number | null> {
  if (line.taxable !== 1 || typeof line.product_id !== 'number') return null;
  const product = await db(reader)
    .selectFrom('products')
    .selectAll()
    .where('id', '=', line.product_id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  if (!product || !filled(product.tax_rate)) return null;
  const price = filled(line.price) ? line.price : product.price;
  const quantity = filled(line.quantity) ? Number(line.quantity) : 1;
  return Math.round((cents(price) * quantity * Number(product.tax_rate)) / 100);
}

async function productTaxes(reader: Reader, offering: StoredRow): Promise<number> {
  let total = 0;
  for (const line of (await partsOf(reader, 'offering_products', offering.id).execute()) as StoredRow[])
    total += (await productTax(reader, line)) ?? 0;
  return total;
}

/** The courses the offering includes: its `course_id` and its `course_ids`. */
async function courseIdsOf(reader: Reader, offering: StoredRow): Promise<number[]> {
  const linked = await partsOf(reader, 'offering_courses', offering.id).execute();
  const ids = (linked as StoredRow[]).map((l) => Number(l.course_id));
  if (typeof offering.course_id === 'number' && !ids.includes(offering.course_id))
    ids.push(offering.course_id);
  return ids;
}

const today = () => new Date().toISOString().slice(0, 10);

export const offeringFields: Record<string, Computed> = {
  abbreviated_frequency_times_string: { type: 'String', resolve: abbreviatedFrequencyTimes },
  frequency_times_string: { type: 'String', resolve: frequencyTimes },
  initial_payment_amount: { type: 'String', resolve: initialPayment },
  // A card is asked for when the purchase charges something, now or later.
  ask_for_cc: {
    type: 'Boolean!',
    resolve: (row) => cents(initialPayment(row)) > 0 || (isRecurring(row) && cents(row.price) > 0),
  },
  user_pays: { type: 'Boolean!', resolve: (row) => cents(initialPayment(row)) > 0 || cents(row.price) > 0 },
  offering_product_taxes: {
    type: 'Float',
    resolve: async (row, reader) => (await productTaxes(reader, row)) / 100,
  },
  initial_price_with_taxes: {
    type: 'String',
    resolve: async (row, reader) => {
      const initial = initialPayment(row);
      return initial === null ? null : amount(cents(initial) + (await productTaxes(reader, row)));
    },
  },
  billing_items_count: {
    type: 'Int',
    resolve: async (row, reader) =>
      Number(
        (
          await paymentsOf(reader, row.id)
            .select((eb) => eb.fn.countAll().as('count'))
            .executeTakeFirst()
        )?.count ?? 0,
      ),
  },
  total_revenue: {
    type: 'Float',
    resolve: async (row, reader) => {
      const paid = await paymentsOf(reader, row.id)
        .select(['amount_paid', 'refund_amount'])
        .where('state', '=', 'succeeded')
        .execute();
      return paid.reduce((sum, p) => sum + cents(p.amount_paid) - cents(p.refund_amount), 0) / 100;
    },
  },
  user_package_selections_count: { type: 'Int', resolve: (row, reader) => purchaseCount(reader, row.id) },
  under_purchase_cap: {
    type: 'Boolean',
    resolve: async (row, reader) =>
      row.max_purchases == null || (await purchaseCount(reader, row.id)) < Number(row.max_purchases),
  },
  user_group_name: {
    type: 'String',
    resolve: async (row, reader) => {
      if (typeof row.user_group_id !== 'number') return null;
      const group = await reader.db
        .selectFrom('user_groups')
        .select('name')
        .where('id', '=', row.user_group_id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return (group?.name as string | undefined) ?? null;
    },
  },
  offering_image_url: {
    type: 'String',
    resolve: async (row, reader) => {
      if (typeof row.offering_image_id !== 'number') return null;
      const image = await db(reader)
        .selectFrom('offering_images')
        .select('image_url')
        .where('id', '=', row.offering_image_id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return image?.image_url ?? null;
    },
  },
  offering_includes: {
    type: '[OfferingInclude!]',
    args: { appointment_type_id: 'ID', only_bookable_by_client: 'Boolean' },
    resolve: async (row, reader, args) => {
      let query = partsOf(reader, 'offering_includes', row.id);
      if (args.appointment_type_id != null)
        query = query.where('appointment_type_id', '=', parseId(args.appointment_type_id) ?? -1);
      if (args.only_bookable_by_client === true)
        query = query.where(
          'appointment_type_id',
          'in',
          reader.db.selectFrom('appointment_types').select('id').where('clients_can_book', '=', 1),
        );
      return query.execute();
    },
  },
  offering_includes_count: {
    type: 'Int!',
    resolve: async (row, reader) => (await partsOf(reader, 'offering_includes', row.id).execute()).length,
  },
  // The price over the minutes of the appointments the offering includes.
  price_per_minute: {
    type: 'String',
    resolve: async (row, reader) => {
      if (!filled(row.price)) return null;
      let minutes = 0;
      for (const include of (await partsOf(reader, 'offering_includes', row.id).execute()) as StoredRow[]) {
        if (typeof include.appointment_type_id !== 'number') continue;
        const type = await reader.db
          .selectFrom('appointment_types')
          .select('length')
          .where('id', '=', include.appointment_type_id)
          .executeTakeFirst();
        minutes += (filled(include.quantity) ? Number(include.quantity) : 1) * Number(type?.length ?? 0);
      }
      return minutes > 0 ? amount(Math.round(cents(row.price) / minutes)) : null;
    },
  },
  // A course with a start date that has passed and no late enrollment can no longer be joined.
  includes_ended_fixed_course: {
    type: 'Boolean',
    resolve: async (row, reader) => {
      const ids = await courseIdsOf(reader, row);
      if (ids.length === 0) return false;
      const ended = await reader.db
        .selectFrom('courses')
        .select('id')
        .where('id', 'in', ids)
        .where('start_date', 'is not', null)
        .where('start_date', '<', today())
        .where('late_enroll', '=', 0)
        .executeTakeFirst();
      return ended !== undefined;
    },
  },
  immediate_purchase_url: accountDefault('String', null),
  living_plate_meal_plan_name: accountDefault('String', null),
  living_plate_preview_url: accountDefault('String', null),
  meal_plan_options: accountDefault('[MealPlan!]', []),
  minimum_quantity: accountDefault('String', null),
  on_purchase_ifs_tag_id: accountDefault('String', null),
  fb_pixel: accountDefault('String', null),
  start_fb_pixel: accountDefault('String', null),
  show_price: accountDefault('Boolean!', true),
};

/** The purchase a payment or request belongs to: the one it names, else the one that names it. */
async function selectionOf(
  reader: Reader,
  named: unknown,
  column: 'billing_item_id' | 'requested_payment_id',
  id: number,
): Promise<StoredRow | null> {
  const selectionId = parseId(named);
  if (selectionId !== null) return (await findRow(reader, UserPackageSelection, selectionId)) ?? null;
  return ((await db(reader)
    .selectFrom('user_package_selections')
    .selectAll()
    .where(column, '=', id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .executeTakeFirst()) ?? null) as StoredRow | null;
}

export const billingItemOfferingFields: Record<string, Computed> = {
  user_package_selection: {
    type: 'UserPackageSelection',
    resolve: (row, reader) => selectionOf(reader, row.user_package_selection_id, 'billing_item_id', row.id),
  },
  // Coupons are not modelled: a new account has none, so no payment used one.
  offering_coupon: accountDefault('OfferingCoupon', null),
  // Healthie's platform fee on a payment: a new account is charged none.
  application_fee_amount: accountDefault('String', null),
};

export const requestedPaymentOfferingFields: Record<string, Computed> = {
  user_package_selection: {
    type: 'UserPackageSelection',
    resolve: (row, reader) =>
      selectionOf(reader, row.user_package_selection_id, 'requested_payment_id', row.id),
  },
};

export const recurringPaymentOfferingFields: Record<string, Computed> = {
  offering_name: {
    type: 'String',
    resolve: async (row, reader) => ((await offeringOf(reader, row.offering_id))?.name as string) ?? null,
  },
};

/** Offerings in scope, by id order. */
const offerings = (reader: Reader) =>
  db(reader).selectFrom('offerings').selectAll().where('organization_id', 'in', reader.scope).orderBy('id');

export const courseOfferingFields: Record<string, Computed> = {
  offerings: {
    type: '[Offering!]',
    resolve: (row, reader) =>
      offerings(reader)
        .where((eb) =>
          eb.or([
            eb('course_id', '=', row.id),
            eb(
              'id',
              'in',
              eb.selectFrom('offering_courses').select('offering_id').where('course_id', '=', row.id),
            ),
          ]),
        )
        .execute(),
  },
};

export const userOfferingFields: Record<string, Computed> = {
  // A provider's offerings are the ones they sell; a client sells none, so theirs are the ones they bought.
  offerings: {
    type: '[Offering!]!',
    resolve: (row, reader) =>
      row.user_type === 'patient'
        ? offerings(reader)
            .where('id', 'in', (eb) =>
              eb.selectFrom('user_package_selections').select('offering_id').where('user_id', '=', row.id),
            )
            .execute()
        : offerings(reader).where('user_id', '=', row.id).execute(),
  },
};

export const formAnswerGroupOfferingFields: Record<string, Computed> = {
  // Product recommendations from form answers are not modelled: a new account configures none.
  offering_with_recommended_products: accountDefault('Offering', null),
};

/** How many of the newest lab orders `lab_option` looks through for the test. */
const LAB_ORDERS_SEARCHED = 200;

/**
 * The lab test an offering includes, as the lab orders in scope name it (carehooks keeps no lab catalogue,
 * so a test no order has named is not known: null).
 */
async function labOptionOf(row: StoredRow, reader: Reader): Promise<LabOptionValue | null> {
  const identifier = String(row.lab_option_id);
  const orders = await reader.db
    .selectFrom('lab_orders')
    .select(['submission', 'lab', 'lab_company'])
    .where('organization_id', 'in', reader.scope)
    .where('submission', 'is not', null)
    .orderBy('id', 'desc')
    .limit(LAB_ORDERS_SEARCHED)
    .execute();
  for (const order of orders) {
    const option = labOptionsOf(order).find((o) => o.provider_identifier === identifier);
    if (option) return option;
  }
  return null;
}

/** Fields of an offering's parts and purchases. */
export const offeringPartExtensions: Record<string, ResourceExtension> = {
  Offering: { computed: offeringFields },
  OfferingInclude: {
    computed: {
      // Per-include expiry and intake form are Healthie settings no input sets: a new include has none.
      expires_in: accountDefault('String', null),
      form_id: accountDefault('String', null),
    },
  },
  OfferingGroupVisibility: {
    computed: {
      name: {
        type: 'String',
        resolve: async (row, reader) =>
          ((
            await reader.db
              .selectFrom('user_groups')
              .select('name')
              .where('id', '=', row.user_group_id as number)
              .where('organization_id', 'in', reader.scope)
              .executeTakeFirst()
          )?.name as string | undefined) ?? null,
      },
    },
  },
  OfferingLabOption: { computed: { lab_option: { type: 'LabOption', resolve: labOptionOf } } },
  OfferingProduct: {
    computed: {
      tax_amount: {
        type: 'String',
        resolve: async (row, reader) => {
          const tax = await productTax(reader, row);
          return tax === null ? null : amount(tax);
        },
      },
    },
  },
  UserPackageSelection: {
    computed: {
      recurring_payment: {
        type: 'RecurringPayment',
        resolve: async (row, reader) =>
          typeof row.billing_item_id !== 'number'
            ? null
            : ((await db(reader)
                .selectFrom('recurring_payments')
                .selectAll()
                .where('billing_item_id', '=', row.billing_item_id)
                .where('organization_id', 'in', reader.scope)
                .executeTakeFirst()) ?? null),
      },
    },
  },
};

/** Read-back queries of an offering's parts. */
export const offeringQueries: Record<string, Computed> = {
  initializedOfferingIncludes: {
    type: '[OfferingInclude!]',
    args: { offering_id: 'ID' },
    resolve: (_root, reader, args) =>
      partsOf(reader, 'offering_includes', parseId(args.offering_id) ?? -1).execute(),
  },
  // The groups the provider's offerings (the caller's, when none is named) are visible to.
  offeringGroupVisibilities: {
    type: '[OfferingGroupVisibility!]',
    args: { provider_id: 'ID' },
    resolve: (_root, reader, args) =>
      db(reader)
        .selectFrom('offering_group_visibilities')
        .selectAll()
        .where('organization_id', 'in', reader.scope)
        .where('offering_id', 'in', (eb) =>
          eb
            .selectFrom('offerings')
            .select('id')
            .where('user_id', '=', parseId(args.provider_id) ?? reader.caller.userId),
        )
        .orderBy('id')
        .execute(),
  },
  // Healthie's stock images belong to no one; every image carehooks keeps was given for an offering.
  offeringImages: {
    type: '[OfferingImage!]',
    resolve: (_root, reader) =>
      db(reader)
        .selectFrom('offering_images')
        .selectAll()
        .where('organization_id', 'in', reader.scope)
        .where('user_id', 'is', null)
        .orderBy('id')
        .execute(),
  },
};
