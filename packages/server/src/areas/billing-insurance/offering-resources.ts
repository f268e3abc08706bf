/**
 * Offerings (Healthie's packages): what a provider sells, with what it includes (appointments, courses,
 * products, lab tests), who may see it, its image, and each client's purchase of it
 * (`UserPackageSelection`, written by `completeCheckout`). The reference documents no offering events, so
 * none of these records emits one. Behaviour (nested inputs, purchases, derived fields) is in
 * ./offerings.ts, ./offering-fields.ts and ./offering-purchase.ts.
 */
import { sql } from 'kysely';
import {
  bool,
  equals,
  foreignId,
  idIn,
  int,
  keywordsIn,
  money,
  parseId,
  ref,
  resource,
  text,
  type DeclaredInput,
  type ListArg,
  type OrderKey,
} from '../../registry/index.js';

/** An amount stored as text, ordered as a number. */
const amountOf =
  (column: string): OrderKey =>
  () =>
    sql`cast(${sql.ref(column)} as double precision)`;

/** The provider's own order (`row_order`); offerings never placed come after, oldest first. */
const setOrder: OrderKey = () => sql`coalesce(${sql.ref('offerings.row_order')}, 2147483647)`;

/** How often an offering was bought. */
const purchases: OrderKey = () =>
  sql`(select count(*) from user_package_selections where user_package_selections.offering_id = offerings.id)`;

/** `status`: `active` offerings (not archived), `archived` ones; anything else lists both. */
const offeringStatus: ListArg = {
  type: 'String',
  apply: (query, value) => {
    switch (String(value).trim().toLowerCase()) {
      case 'active':
        return query.where('archived', '=', 0);
      case 'archived':
        return query.where('archived', '=', 1);
      default:
        return query;
    }
  },
};

/** What a client may see: offerings shown, not archived, and not hidden. */
const clientVisible: ListArg = {
  type: 'Boolean',
  apply: (query, value) =>
    value === true
      ? query
          .where('show_offering', '=', 1)
          .where('archived', '=', 0)
          .where('visibility_status', '<>', 'hidden')
      : query,
};

/** Offerings made visible to the user group (`offering_group_visibilities`). */
const visibleToGroup: ListArg = {
  type: 'ID',
  apply: (query, value, reader) =>
    query.where(
      'id',
      'in',
      reader.db
        .selectFrom('offering_group_visibilities')
        .select('offering_id')
        .where('user_group_id', '=', parseId(value) ?? -1),
    ),
};

/** The comma-separated id lists both offering mutations take. */
const idLists = {
  course_ids: {
    type: 'String',
    effect: 'the courses the offering includes (comma-separated ids; `offering_courses`, `Course.offerings`)',
  },
  user_group_ids: {
    type: 'String',
    effect: 'the user groups the offering is visible to (comma-separated ids; `offering_group_visibilities`)',
  },
  lab_option_ids: {
    type: 'String',
    effect: 'the lab tests the offering includes (comma-separated ids; `offering_lab_options`)',
  },
} satisfies Record<string, DeclaredInput>;

/** The nested inputs both offering mutations take. */
const nestedInputs = {
  offering_image: {
    type: 'OfferingImageUpload',
    effect: 'the offering’s image, as a data URL (`offering_image`, `offering_image_id`)',
  },
  default_selection_image_url: {
    type: 'String',
    effect: 'an image by URL instead of an upload (`offering_image`, `offering_image_url`)',
  },
  offering_includes: {
    type: '[OfferingIncludesFields]',
    effect: 'adds or (with `id`) changes the appointments the offering includes (`offering_includes`)',
  },
  offering_products: {
    type: '[OfferingProductInput]',
    effect:
      'adds, changes or (`_destroy`) removes included products; `product` names one by `id` or makes one by `name`',
  },
} satisfies Record<string, DeclaredInput>;

export const Offering = resource({
  name: 'Offering',
  table: 'offerings',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    name: text(),
    description: text(),
    price: money(),
    first_time_payment: money(),
    // `Once` for a one-time payment; otherwise how often the payment repeats (`Weekly`, `Monthly`, …).
    billing_frequency: text(),
    repeat_times: text(),
    currency: text({ default: 'usd', writable: 'none' }),
    // How many times it may be bought; no cap when empty.
    max_purchases: int({ min: 0, input: 'String', gql: 'String' }),
    can_be_gifted: bool({ default: false, gql: 'Boolean!' }),
    charge_immediately: bool({ default: true, gql: 'Boolean!' }),
    override_group_on_purchase: bool({ default: false, gql: 'Boolean!' }),
    require_booking_purchase: bool({ default: false, gql: 'Boolean!' }),
    show_free_text: bool({ default: false, gql: 'Boolean!' }),
    show_offering: bool({ default: true, gql: 'Boolean!' }),
    visibility_status: text({ default: 'hidden', gql: 'String!' }),
    archived: bool({ default: false, gql: 'Boolean!', writable: 'update' }),
    course_id: ref('Course'),
    user_group_id: ref('UserGroup'),
    user_id: ref('User', { object: 'user', default: (caller) => caller.userId }),
    living_plate_meal_plan_id: text(),
    selected_image_id: foreignId({ input: 'ID', gql: 'String' }),
    embed_question_form_id: text({ writable: 'update' }),
    row_order: int({ input: 'Int', gql: 'String', writable: 'update' }),
    video_url: text({ maxLength: 2048 }),
    offering_image_id: ref('OfferingImage', { writable: 'none', object: 'offering_image' }),
  },
  byId: 'offering',
  list: {
    name: 'offerings',
    count: 'offeringsCount',
    cursor: true,
    shouldPaginate: true,
    args: {
      keywords: keywordsIn('name', 'description'),
      offering_id: equals('id'),
      offering_ids: idIn(),
      provider_id: equals('user_id'),
      status: offeringStatus,
      client_visibility: equals('visibility_status', 'String'),
      only_client_visible: clientVisible,
      show_only_visible: {
        type: 'Boolean',
        apply: (query, value) => (value === true ? query.where('show_offering', '=', 1) : query),
      },
      offering_user_group_id: visibleToGroup,
    },
    orderBy: {
      enum: 'OfferingOrderKeys',
      values: {
        SET_ORDER: [setOrder, 'asc'],
        PRICE_ASC: [amountOf('price'), 'asc'],
        PRICE_DESC: [amountOf('price'), 'desc'],
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        BEST_SELLER: [purchases, 'desc'],
      },
    },
    defaultOrder: [setOrder, 'asc'],
  },
  mutations: {
    create: { name: 'createOffering', inputs: { ...idLists, ...nestedInputs } },
    update: {
      name: 'updateOffering',
      inputs: {
        ...idLists,
        ...nestedInputs,
        has_first_payment: {
          type: 'Boolean',
          effect: 'false removes the first payment (`first_time_payment`)',
        },
      },
    },
    delete: 'deleteOffering',
  },
  many: {
    offering_courses: { type: '[OfferingCourse!]', resource: 'OfferingCourse', foreignKey: 'offering_id' },
    offering_group_visibilities: {
      type: '[OfferingGroupVisibility!]',
      resource: 'OfferingGroupVisibility',
      foreignKey: 'offering_id',
    },
    offering_lab_options: {
      type: '[OfferingLabOption!]',
      resource: 'OfferingLabOption',
      foreignKey: 'offering_id',
    },
    offering_products: { type: '[OfferingProduct!]', resource: 'OfferingProduct', foreignKey: 'offering_id' },
  },
});

/** An appointment an offering includes, and how many of it. */
export const OfferingInclude = resource({
  name: 'OfferingInclude',
  table: 'offering_includes',
  owner: 'offering_id',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    offering_id: ref('Offering', { required: true }),
    appointment_type_id: ref('AppointmentType', { object: 'appointment_type' }),
    quantity: text(),
    is_repeating: bool({ default: false, gql: 'Boolean!' }),
    required_appointment_type: bool({ default: false, gql: 'Boolean!' }),
  },
});

/** A course an offering includes (`course_ids`). */
export const OfferingCourse = resource({
  name: 'OfferingCourse',
  table: 'offering_courses',
  owner: 'offering_id',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    offering_id: ref('Offering', { required: true }),
    course_id: ref('Course', { required: true, gql: 'ID!', object: 'course' }),
  },
});

/** A user group an offering is visible to (`user_group_ids`). */
export const OfferingGroupVisibility = resource({
  name: 'OfferingGroupVisibility',
  table: 'offering_group_visibilities',
  owner: 'offering_id',
  fields: {
    offering_id: ref('Offering', { required: true }),
    user_group_id: ref('UserGroup', { required: true }),
  },
});

/**
 * An offering's image: an upload (a data URL; as with every upload carehooks takes, its contents are not
 * kept, only what describes them) or an image by URL (`default_selection_image_url`).
 */
export const OfferingImage = resource({
  name: 'OfferingImage',
  table: 'offering_images',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    name: text(),
    image_url: text({ maxLength: 2048 }),
    image_content_type: text(),
    image_file_name: text(),
    image_file_size: text(),
    image_updated_at: text(),
    user_id: ref('User', { default: (caller) => caller.userId }),
  },
});

/** A lab test an offering includes (`lab_option_ids`). */
export const OfferingLabOption = resource({
  name: 'OfferingLabOption',
  table: 'offering_lab_options',
  owner: 'offering_id',
  timestamps: { created_at: 'String!', updated_at: 'String!' },
  fields: {
    offering_id: ref('Offering', { required: true }),
    // The test's identifier at its lab (carehooks keeps no lab catalogue; see `lab_option`).
    lab_option_id: text({ required: true, gql: 'ID', maxLength: 255 }),
  },
});

/** Something sold with offerings; made by naming it in an offering's `offering_products`. */
export const Product = resource({
  name: 'Product',
  table: 'products',
  timestamps: { created_at: 'String!' },
  fields: {
    name: text({ required: true, gql: 'String!' }),
    price: money({ default: '0.00', gql: 'String!' }),
    remaining_quantity: text({ default: '0', gql: 'String!' }),
    unlimited_quantity: bool({ default: true, gql: 'Boolean!' }),
    taxable: bool({ default: false }),
    tax_rate: text(),
    tax_description: text(),
    user_id: ref('User', { object: 'user', default: (caller) => caller.userId }),
  },
  list: {
    name: 'products',
    count: 'productsCount',
    cursor: true,
    shouldPaginate: true,
    args: { keywords: keywordsIn('name') },
    orderBy: {
      enum: 'ProductOrderKeys',
      values: {
        NAME_ASC: ['name', 'asc'],
        NAME_DESC: ['name', 'desc'],
        QUANTITY_ASC: [amountOf('remaining_quantity'), 'asc'],
        QUANTITY_DESC: [amountOf('remaining_quantity'), 'desc'],
        PRICE_ASC: [amountOf('price'), 'asc'],
        PRICE_DESC: [amountOf('price'), 'desc'],
        CREATED_AT_ASC: ['created_at', 'asc'],
        CREATED_AT_DESC: ['created_at', 'desc'],
      },
    },
    defaultOrder: ['name', 'asc'],
  },
});

/** A product an offering includes, at its own price and quantity. */
export const OfferingProduct = resource({
  name: 'OfferingProduct',
  table: 'offering_products',
  owner: 'offering_id',
  fields: {
    offering_id: ref('Offering', { required: true, gql: 'ID!' }),
    product_id: ref('Product', { object: 'product' }),
    price: money(),
    quantity: text(),
    taxable: bool({ default: false, gql: 'Boolean!' }),
    deduct_main_quantity: bool({ default: false }),
  },
});

/** A client's purchase of an offering (through `completeCheckout`). */
export const UserPackageSelection = resource({
  name: 'UserPackageSelection',
  table: 'user_package_selections',
  owner: 'user_id',
  timestamps: { created_at: 'String!' },
  fields: {
    user_id: ref('User', { required: true, object: 'user' }),
    offering_id: ref('Offering', { required: true, gql: 'ID', object: 'offering' }),
    billing_item_id: ref('BillingItem', { object: 'billing_item' }),
    requested_payment_id: ref('RequestedPayment', { object: 'requested_payment' }),
    offering_coupon_id: foreignId(),
    // The first payment as charged: the price the checkout paid, after any coupon.
    initial_price_with_offering_coupon: money(),
  },
  list: {
    name: 'userPackageSelections',
    count: 'userPackageSelectionsCount',
    cursor: true,
    args: {
      offering_id: equals('offering_id'),
      user_id: equals('user_id'),
    },
    defaultOrder: ['created_at', 'desc'],
  },
});

export const offeringResources = [
  Offering,
  OfferingInclude,
  OfferingCourse,
  OfferingGroupVisibility,
  OfferingImage,
  OfferingLabOption,
  Product,
  OfferingProduct,
  UserPackageSelection,
] as const;

/** The nested input types of the offering mutations (Healthie's names and fields). */
export const offeringInputTypes = {
  OfferingImageUpload: { image: 'Upload' },
  OfferingIncludesFields: {
    appointment_type_id: 'ID',
    id: 'ID',
    is_repeating: 'Boolean',
    quantity: 'String',
    required_appointment_type: 'Boolean',
  },
  OfferingProductInput: {
    _destroy: 'Boolean',
    deduct_main_quantity: 'Boolean',
    id: 'ID',
    price: 'String',
    product: 'ProductInput',
    quantity: 'String',
    taxable: 'Boolean',
  },
  ProductInput: { id: 'String', name: 'String' },
};
