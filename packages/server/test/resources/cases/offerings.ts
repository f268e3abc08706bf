/**
 * Offerings (Healthie's packages): create, update and delete them with their nested parts, and buy them
 * through completeCheckout. The reference documents no offering events, so offering mutations emit none;
 * a purchase emits its payment's events only.
 */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createAppointmentType, createPatient, createUserGroup, uniqueEmail } from './fixtures.js';

const doc = (name: string, selection = 'id') =>
  `mutation($input: ${name}Input) { ${name}(input: $input) { offering { ${selection} } messages { field message } } }`;

/** Every group of an offering's fields: stored, derived, its parts and its image. */
export const OFFERING_FIELDS = `
  id name description price first_time_payment billing_frequency repeat_times max_purchases currency
  can_be_gifted charge_immediately show_offering show_free_text visibility_status archived video_url
  course_id user_group_id user_group_name user_id user { id } row_order
  initial_payment_amount initial_price_with_taxes frequency_times_string abbreviated_frequency_times_string
  ask_for_cc user_pays price_per_minute under_purchase_cap offering_includes_count
  user_package_selections_count billing_items_count total_revenue offering_product_taxes
  show_price meal_plan_options { id } living_plate_preview_url
  offering_includes { offering_id appointment_type_id appointment_type { name } quantity is_repeating required_appointment_type expires_in }
  offering_products { offering_id price quantity taxable deduct_main_quantity tax_amount product { name price unlimited_quantity } }
  offering_courses { offering_id course_id course { name } }
  offering_group_visibilities { offering_id user_group_id name }
  offering_lab_options { offering_id lab_option_id lab_option { id } }
  offering_image_id offering_image_url offering_image { image_content_type image_file_name image_file_size }
`;

const readOffering = `query($id: ID) { offering(id: $id) { ${OFFERING_FIELDS} } }`;

/** A 1×1 transparent PNG, as a data URL (70 bytes). */
export const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export async function createCourse(api: CaseApi, name = 'Reset program'): Promise<string> {
  const data = await api.gql<Data>(
    'mutation($input: createCourseInput) { createCourse(input: $input) { course { id } messages { field message } } }',
    { input: { name } },
  );
  return data.createCourse.course.id as string;
}

/** An offering with an included appointment and a product made by name; answers the ids. */
export async function createOffering(
  api: CaseApi,
  input: Record<string, unknown> = {},
): Promise<{ offering: string; include: string; product: string }> {
  const type = await createAppointmentType(api, { length: 50 });
  const data = await api.gql<Data>(
    doc('createOffering', 'id offering_includes { id } offering_products { id }'),
    {
      input: {
        name: 'Starter package',
        price: '200.00',
        offering_includes: [{ appointment_type_id: type, quantity: '2' }],
        offering_products: [{ product: { name: 'Protein powder' }, price: '30.00', quantity: '1' }],
        ...input,
      },
    },
  );
  const offering = data.createOffering.offering;
  return {
    offering: offering.id,
    include: offering.offering_includes[0]?.id,
    product: offering.offering_products[0]?.id,
  };
}

async function offeringParts(api: CaseApi, offering: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reads several tables by name
  const db = api.server.runtime.services.store.db as any;
  let count = 0;
  for (const table of [
    'offering_includes',
    'offering_products',
    'offering_courses',
    'offering_group_visibilities',
  ])
    count += (await db.selectFrom(table).select('id').where('offering_id', '=', Number(offering)).execute())
      .length;
  return count;
}

const checkoutDoc = `mutation($input: completeCheckoutInput) {
  completeCheckout(input: $input) {
    billingItem { id amount_paid is_recurring offering { id name } user_package_selection { id } }
    userPackageSelection {
      id user { id } offering { id } offering_id billing_item { id } billing_item_id
      initial_price_with_offering_coupon recurring_payment { id amount_to_pay billing_frequency }
    }
    messages { field message }
  }
}`;

export const offeringMutations: MutationCase[] = [
  {
    mutation: 'createOffering',
    title: 'an offering with its appointments, products, courses, groups, lab tests and image; no event',
    setup: async (api) => ({
      type: await createAppointmentType(api, { length: 45, name: 'Coaching call' }),
      course: await createCourse(api),
      group: await createUserGroup(api, 'Members'),
    }),
    document: doc('createOffering'),
    variables: ({ type, course, group }) => ({
      input: {
        name: 'Twelve-week reset',
        description: 'Coaching and a course',
        price: '90.00',
        first_time_payment: '45.00',
        billing_frequency: 'Monthly',
        repeat_times: '3',
        max_purchases: '10',
        can_be_gifted: true,
        charge_immediately: false,
        visibility_status: 'visible',
        video_url: 'https://video.example.com/reset',
        course_id: course,
        course_ids: course,
        user_group_id: group,
        user_group_ids: group,
        lab_option_ids: 'cbc-100, lipid-200',
        offering_image: { image: PNG },
        offering_includes: [
          { appointment_type_id: type, quantity: '2', is_repeating: true, required_appointment_type: true },
        ],
        offering_products: [
          { product: { name: 'Shaker bottle' }, price: '12.50', quantity: '2', deduct_main_quantity: true },
        ],
      },
    }),
    events: () => [],
    check: async ({ type, course, group, provider }, data, api) => {
      const { offering } = await api.gql<Data>(readOffering, { id: data.offering.id });
      const id = data.offering.id as string;
      expect(offering).toMatchObject({
        name: 'Twelve-week reset',
        description: 'Coaching and a course',
        price: '90.00',
        first_time_payment: '45.00',
        billing_frequency: 'Monthly',
        repeat_times: '3',
        max_purchases: '10',
        currency: 'usd',
        can_be_gifted: true,
        charge_immediately: false,
        show_offering: true,
        show_free_text: false,
        visibility_status: 'visible',
        archived: false,
        video_url: 'https://video.example.com/reset',
        course_id: course,
        user_group_id: group,
        user_group_name: 'Members',
        user_id: provider,
        user: { id: provider },
        row_order: null,
        initial_payment_amount: '45.00',
        initial_price_with_taxes: '45.00',
        frequency_times_string: 'monthly, 3 times',
        abbreviated_frequency_times_string: '/mo x 3',
        ask_for_cc: true,
        user_pays: true,
        // 90.00 over two 45-minute calls.
        price_per_minute: '1.00',
        under_purchase_cap: true,
        offering_includes_count: 1,
        user_package_selections_count: 0,
        billing_items_count: 0,
        total_revenue: 0,
        offering_product_taxes: 0,
        show_price: true,
        meal_plan_options: [],
        living_plate_preview_url: null,
        offering_includes: [
          {
            offering_id: id,
            appointment_type_id: type,
            appointment_type: { name: 'Coaching call' },
            quantity: '2',
            is_repeating: true,
            required_appointment_type: true,
            expires_in: null,
          },
        ],
        offering_products: [
          {
            offering_id: id,
            price: '12.50',
            quantity: '2',
            taxable: false,
            deduct_main_quantity: true,
            tax_amount: null,
            product: { name: 'Shaker bottle', price: '12.50', unlimited_quantity: true },
          },
        ],
        offering_courses: [{ offering_id: id, course_id: course, course: { name: 'Reset program' } }],
        offering_group_visibilities: [{ offering_id: id, user_group_id: group, name: 'Members' }],
        offering_lab_options: [
          { offering_id: id, lab_option_id: 'cbc-100', lab_option: null },
          { offering_id: id, lab_option_id: 'lipid-200', lab_option: null },
        ],
        offering_image_url: null,
        offering_image: {
          image_content_type: 'image/png',
          image_file_name: 'offering_image.png',
          image_file_size: '70',
        },
      });
      expect(offering.offering_image_id).toEqual(expect.any(String));
    },
  },
  {
    mutation: 'updateOffering',
    title: 'archives it, drops the first payment, changes an include, removes a product and the courses',
    setup: async (api) => {
      const course = await createCourse(api);
      const made = await createOffering(api, { first_time_payment: '20.00', course_ids: course });
      return { ...made, course };
    },
    document: doc('updateOffering'),
    variables: ({ offering, include, product }) => ({
      input: {
        id: offering,
        name: 'Starter package (retired)',
        archived: true,
        row_order: 4,
        embed_question_form_id: '77',
        has_first_payment: false,
        course_ids: '',
        offering_includes: [{ id: include, quantity: '5' }],
        offering_products: [{ id: product, _destroy: true }],
        default_selection_image_url: 'https://img.example.com/stock/yoga.png',
      },
    }),
    events: () => [],
    check: async ({ offering, include }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID) { offering(id: $id) {
          name archived row_order embed_question_form_id first_time_payment initial_payment_amount
          offering_includes { id quantity } offering_products { id } offering_courses { id }
          offering_image_url offering_image { image_url image_file_name }
        } }`,
        { id: offering },
      );
      expect(read.offering).toEqual({
        name: 'Starter package (retired)',
        archived: true,
        row_order: '4',
        embed_question_form_id: '77',
        first_time_payment: null,
        initial_payment_amount: '200.00',
        offering_includes: [{ id: include, quantity: '5' }],
        offering_products: [],
        offering_courses: [],
        offering_image_url: 'https://img.example.com/stock/yoga.png',
        offering_image: { image_url: 'https://img.example.com/stock/yoga.png', image_file_name: 'yoga.png' },
      });
    },
  },
  {
    mutation: 'deleteOffering',
    title: 'removes the offering and what it includes; no event',
    setup: async (api) => createOffering(api),
    document: doc('deleteOffering'),
    variables: ({ offering }) => ({ input: { id: offering } }),
    events: () => [],
    check: async ({ offering }, data, api) => {
      expect(data.offering.id).toBe(offering);
      expect((await api.gql<Data>(readOffering, { id: offering })).offering).toBeNull();
      expect(await offeringParts(api, offering!)).toBe(0);
    },
  },
  {
    mutation: 'completeCheckout',
    title: 'a client buys an offering at its first payment: a billing item and the purchase',
    setup: async (api) => {
      const email = uniqueEmail('buyer');
      const patient = await createPatient(api, { email });
      const { offering } = await createOffering(api, {
        first_time_payment: '50.00',
        billing_frequency: 'Once',
      });
      return { patient, email, offering };
    },
    document: checkoutDoc,
    variables: ({ email, offering }) => ({ input: { email, offering_id: offering } }),
    events: (_ids, data) => [ev('billing_item.created', data.billingItem.id, { requested_payment_id: null })],
    check: async ({ patient, offering }, data, api) => {
      const item = data.billingItem.id as string;
      const selection = data.userPackageSelection.id as string;
      expect(data.billingItem).toEqual({
        id: item,
        amount_paid: '50.00',
        is_recurring: false,
        offering: { id: offering, name: 'Starter package' },
        user_package_selection: { id: selection },
      });
      expect(data.userPackageSelection).toEqual({
        id: selection,
        user: { id: patient },
        offering: { id: offering },
        offering_id: offering,
        billing_item: { id: item },
        billing_item_id: item,
        initial_price_with_offering_coupon: '50.00',
        recurring_payment: null,
      });
      const read = await api.gql<Data>(
        `query($id: ID) { billingItem(id: $id) {
          offering { name } user_package_selection { id } offering_coupon { id } application_fee_amount
        } }`,
        { id: item },
      );
      expect(read.billingItem).toEqual({
        offering: { name: 'Starter package' },
        user_package_selection: { id: selection },
        offering_coupon: null,
        application_fee_amount: null,
      });
      const counts = await api.gql<Data>(
        'query($id: ID) { offering(id: $id) { user_package_selections_count billing_items_count total_revenue } }',
        { id: offering },
      );
      expect(counts.offering).toEqual({
        user_package_selections_count: 1,
        billing_items_count: 1,
        total_revenue: 50,
      });
    },
  },
  {
    mutation: 'completeCheckout',
    title: 'buying a monthly offering starts its recurring payment, which names the offering',
    setup: async (api) => {
      const email = uniqueEmail('subscriber');
      await createPatient(api, { email });
      const { offering } = await createOffering(api, {
        name: 'Monthly coaching',
        price: '80.00',
        billing_frequency: 'Monthly',
        repeat_times: '6',
      });
      return { email, offering };
    },
    document: checkoutDoc,
    variables: ({ email, offering }) => ({ input: { email, offering_id: offering, price: '70.00' } }),
    events: (_ids, data) => [
      ev('billing_item.created', data.billingItem.id, { requested_payment_id: null }),
      ev('recurring_payment.created', data.userPackageSelection.recurring_payment.id),
    ],
    check: async (_ids, data, api) => {
      expect(data.billingItem.is_recurring).toBe(true);
      expect(data.userPackageSelection.initial_price_with_offering_coupon).toBe('70.00');
      expect(data.userPackageSelection.recurring_payment).toMatchObject({
        amount_to_pay: '70.00',
        billing_frequency: 'Monthly',
      });
      const read = await api.gql<Data>('query($id: ID) { recurringPayment(id: $id) { offering_name } }', {
        id: data.userPackageSelection.recurring_payment.id,
      });
      expect(read.recurringPayment.offering_name).toBe('Monthly coaching');
    },
  },
];

export const offeringInvalid: InvalidCase[] = [
  {
    mutation: 'createOffering',
    title: 'an included appointment of an unknown type',
    document: doc('createOffering'),
    variables: () => ({
      input: { name: 'Broken', offering_includes: [{ appointment_type_id: '99999999', quantity: '1' }] },
    }),
    field: 'offering_includes[0].appointment_type_id',
  },
  {
    mutation: 'createOffering',
    title: 'an unknown course in course_ids',
    document: doc('createOffering'),
    variables: () => ({ input: { name: 'Broken', course_ids: '99999999' } }),
    field: 'course_ids',
  },
  {
    mutation: 'createOffering',
    title: 'an image that is not a data URL',
    document: doc('createOffering'),
    variables: () => ({ input: { name: 'Broken', offering_image: { image: 'photo.png' } } }),
    field: 'offering_image.image',
  },
  {
    mutation: 'createOffering',
    title: 'an image URL that is not http or https',
    document: doc('createOffering'),
    variables: () => ({ input: { name: 'Broken', default_selection_image_url: 'javascript:alert(1)' } }),
    field: 'default_selection_image_url',
  },
  {
    mutation: 'createOffering',
    title: 'a purchase cap that is not a number',
    document: doc('createOffering'),
    variables: () => ({ input: { name: 'Broken', max_purchases: 'many' } }),
    field: 'max_purchases',
  },
  {
    mutation: 'updateOffering',
    title: 'a product named by an unknown id',
    setup: async (api) => createOffering(api),
    document: doc('updateOffering'),
    variables: ({ offering }) => ({
      input: { id: offering, offering_products: [{ product: { id: '99999999' }, quantity: '1' }] },
    }),
    field: 'offering_products[0].product.id',
  },
  {
    mutation: 'createBillingItem',
    title: 'a payment for an unknown offering',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: `mutation($input: createBillingItemInput) {
      createBillingItem(input: $input) { billingItem { id } messages { field message } }
    }`,
    variables: ({ patient, provider }) => ({
      input: { amount_paid: '10.00', sender_id: patient, recipient_id: provider, offering_id: '99999999' },
    }),
    field: 'offering_id',
  },
  {
    mutation: 'completeCheckout',
    title: 'an unknown offering',
    document: checkoutDoc,
    variables: () => ({ input: { email: uniqueEmail('nobody'), offering_id: '99999999' } }),
    field: 'offering_id',
  },
];

export const offeringReadBack: ReadBackCase[] = [
  {
    resource: 'Offering',
    setup: async (api) => createOffering(api, { name: 'Read me', description: 'Back' }),
    query: 'query($id: ID) { offering(id: $id) { id name description price offering_includes_count } }',
    id: ({ offering }) => offering!,
    expected: ({ offering }) => ({
      id: offering,
      name: 'Read me',
      description: 'Back',
      price: '200.00',
      offering_includes_count: 1,
    }),
  },
];
