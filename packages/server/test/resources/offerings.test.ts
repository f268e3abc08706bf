/**
 * Offerings as records beyond their mutation rows (cases/offerings.ts): the `offerings` list's filters and
 * order, the queries of their parts, the links from courses, people and payment requests, and what a
 * purchase may not do (an archived offering, one at its purchase cap).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createAppointmentType, createPatient, createUserGroup, uniqueEmail } from './cases/fixtures.js';
import { createCourse, createOffering } from './cases/offerings.js';
import { caseApi, type CaseApi, type Data } from './support.js';

const checkout = `mutation($input: completeCheckoutInput) {
  completeCheckout(input: $input) {
    billingItem { id } userPackageSelection { id requested_payment { id } requested_payment_id }
    messages { field message }
  }
}`;

describe.each(dialects)('offerings on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
  });
  afterAll(() => server.close());

  const names = async (args: string) =>
    (await api.gql<Data>(`{ offerings(${args}) { name } }`)).offerings.map((o: Data) => o.name as string);

  async function buy(offering: string, input: Record<string, unknown> = {}) {
    const email = uniqueEmail('buyer');
    const patient = await createPatient(api, { email });
    const data = await api.gql<Data>(checkout, { input: { email, offering_id: offering, ...input } });
    return { patient, ...data.completeCheckout };
  }

  it('filters offerings by keywords, ids, status, visibility and group, and orders them', async () => {
    const group = await createUserGroup(api, 'Insiders');
    const { offering: yoga } = await createOffering(api, {
      name: 'Yoga basics',
      description: 'Gentle start',
      price: '40.00',
      visibility_status: 'visible',
      user_group_ids: group,
    });
    const { offering: pilates } = await createOffering(api, {
      name: 'Pilates pack',
      price: '120.00',
      visibility_status: 'hidden',
    });
    const { offering: retired } = await createOffering(api, { name: 'Old yoga', price: '10.00' });
    await api.gql(
      'mutation($input: updateOfferingInput) { updateOffering(input: $input) { offering { id } messages { field message } } }',
      { input: { id: retired, archived: true } },
    );
    await buy(pilates);
    await buy(pilates);
    await buy(yoga);

    expect(await names('keywords: "yoga", order_by: NAME_ASC')).toEqual(['Old yoga', 'Yoga basics']);
    expect(await names('keywords: "gentle"')).toEqual(['Yoga basics']);
    expect(await names(`offering_ids: ["${yoga}", "${retired}"], order_by: NAME_DESC`)).toEqual([
      'Yoga basics',
      'Old yoga',
    ]);
    expect(await names(`offering_id: "${pilates}"`)).toEqual(['Pilates pack']);
    expect(await names('status: "archived"')).toEqual(['Old yoga']);
    expect(await names('status: "active", order_by: PRICE_DESC')).toEqual(['Pilates pack', 'Yoga basics']);
    expect(await names('only_client_visible: true')).toEqual(['Yoga basics']);
    expect(await names('client_visibility: "hidden", order_by: PRICE_ASC')).toEqual([
      'Old yoga',
      'Pilates pack',
    ]);
    expect(await names(`offering_user_group_id: "${group}"`)).toEqual(['Yoga basics']);
    expect(await names('status: "active", order_by: BEST_SELLER')).toEqual(['Pilates pack', 'Yoga basics']);
    expect(await names(`provider_id: "${server.org.userId}", status: "archived"`)).toEqual(['Old yoga']);
    expect(await names('provider_id: "999999"')).toEqual([]);
    const count = await api.gql<Data>('{ offeringsCount(keywords: "yoga") }');
    expect(count.offeringsCount).toBe(2);

    const visibilities = await api.gql<Data>(
      `{ offeringGroupVisibilities { offering_id user_group_id name } }`,
    );
    expect(visibilities.offeringGroupVisibilities).toEqual([
      { offering_id: yoga, user_group_id: group, name: 'Insiders' },
    ]);
  });

  it('links offerings to courses and people, and lists purchases', async () => {
    const first = await createCourse(api, 'Course one');
    const second = await createCourse(api, 'Course two');
    const { offering: single } = await createOffering(api, { name: 'Single course', course_id: first });
    const { offering: bundle } = await createOffering(api, {
      name: 'Bundle',
      course_ids: `${first},${second}`,
    });
    const courses = await api.gql<Data>(
      'query($a: ID, $b: ID) { a: course(id: $a) { offerings { id } } b: course(id: $b) { offerings { id } } }',
      { a: first, b: second },
    );
    expect(courses.a.offerings).toEqual([{ id: single }, { id: bundle }]);
    expect(courses.b.offerings).toEqual([{ id: bundle }]);

    const { patient } = await buy(bundle);
    const people = await api.gql<Data>(
      'query($client: ID, $provider: ID) { client: user(id: $client) { offerings { id } } provider: user(id: $provider) { offerings { id } } }',
      { client: patient, provider: String(server.org.userId) },
    );
    expect(people.client.offerings).toEqual([{ id: bundle }]);
    expect(people.provider.offerings.map((o: Data) => o.id)).toEqual(
      expect.arrayContaining([single, bundle]),
    );

    const purchases = await api.gql<Data>(
      'query($o: ID, $u: ID) { byOffering: userPackageSelections(offering_id: $o) { user { id } offering { name } } byUser: userPackageSelections(user_id: $u) { offering_id } userPackageSelectionsCount(offering_id: $o) }',
      { o: bundle, u: patient },
    );
    expect(purchases.byOffering).toEqual([{ user: { id: patient }, offering: { name: 'Bundle' } }]);
    expect(purchases.byUser).toEqual([{ offering_id: bundle }]);
    expect(purchases.userPackageSelectionsCount).toBe(1);
  });

  it('a purchase that pays a payment request links both ways', async () => {
    const { offering } = await createOffering(api, { name: 'Invoiced package' });
    const email = uniqueEmail('invoiced');
    const patient = await createPatient(api, { email });
    const request = await api.gql<Data>(
      'mutation($input: createRequestedPaymentInput) { createRequestedPayment(input: $input) { requestedPayment { id } messages { field message } } }',
      { input: { recipient_id: patient, price: '200.00', offering_id: offering } },
    );
    const requestId = request.createRequestedPayment.requestedPayment.id as string;
    const bought = await api.gql<Data>(checkout, {
      input: { email, offering_id: offering, requested_payment_id: requestId, price: '200.00' },
    });
    const selection = bought.completeCheckout.userPackageSelection;
    expect(selection).toMatchObject({
      requested_payment: { id: requestId },
      requested_payment_id: requestId,
    });
    const read = await api.gql<Data>(
      'query($id: ID) { requestedPayment(id: $id) { offering { name } user_package_selection { id } } }',
      { id: requestId },
    );
    expect(read.requestedPayment).toEqual({
      offering: { name: 'Invoiced package' },
      user_package_selection: { id: selection.id },
    });
  });

  it('a repeated checkout answers the first purchase; a deleted offering leaves its purchases', async () => {
    const { offering } = await createOffering(api, { name: 'Once only' });
    const key = `key-${process.pid}-${dialect.name}`;
    const first = await buy(offering, { stripe_idempotency_key: key });
    const again = await api.gql<Data>(checkout, {
      input: { email: uniqueEmail('retry'), offering_id: offering, stripe_idempotency_key: key },
    });
    expect(again.completeCheckout.billingItem.id).toBe(first.billingItem.id);
    expect(again.completeCheckout.userPackageSelection.id).toBe(first.userPackageSelection.id);

    await api.gql(
      'mutation($input: deleteOfferingInput) { deleteOffering(input: $input) { offering { id } messages { field message } } }',
      { input: { id: offering } },
    );
    const left = await api.gql<Data>(
      'query($u: ID) { userPackageSelections(user_id: $u) { id offering_id offering { id } } }',
      { u: first.patient },
    );
    expect(left.userPackageSelections).toEqual([
      { id: first.userPackageSelection.id, offering_id: offering, offering: null },
    ]);
  });

  it('refuses buying an archived offering or one at its purchase cap', async () => {
    const { offering: capped } = await createOffering(api, { name: 'Only one', max_purchases: '1' });
    await buy(capped);
    const read = await api.gql<Data>('query($id: ID) { offering(id: $id) { under_purchase_cap } }', {
      id: capped,
    });
    expect(read.offering.under_purchase_cap).toBe(false);
    const email = uniqueEmail('late');
    const refused = await server.graphql<Data>(checkout, { input: { email, offering_id: capped } });
    expect(refused.data!.completeCheckout.messages).toEqual([
      { field: 'offering_id', message: 'This offering has reached its purchase limit' },
    ]);

    const { offering: archived } = await createOffering(api, { name: 'Archived' });
    await api.gql(
      'mutation($input: updateOfferingInput) { updateOffering(input: $input) { offering { id } messages { field message } } }',
      { input: { id: archived, archived: true } },
    );
    const again = await server.graphql<Data>(checkout, { input: { email, offering_id: archived } });
    expect(again.data!.completeCheckout.messages).toEqual([
      { field: 'offering_id', message: 'This offering is archived and cannot be bought' },
    ]);
  });

  it('an included lab test reads as the lab orders name it; one no order names is not known', async () => {
    const patient = await createPatient(api);
    await api.gql(
      'mutation($input: createLabOrderInput) { createLabOrder(input: $input) { lab_order { id } messages { field message } } }',
      {
        input: {
          patient_id: patient,
          lab: 'Panel',
          lab_company: 'Labcorp',
          submission: { tests: [{ name: 'Lipid panel', provider_identifier: '303756' }] },
        },
      },
    );
    const { offering } = await createOffering(api, {
      name: 'Lab bundle',
      lab_option_ids: '303756,unknown-1',
    });
    const read = await api.gql<Data>(
      'query($id: ID) { offering(id: $id) { offering_lab_options { lab_option_id lab_option { id name lab_name provider_identifier } } } }',
      { id: offering },
    );
    expect(read.offering.offering_lab_options).toEqual([
      {
        lab_option_id: '303756',
        lab_option: { id: '303756', name: 'Lipid panel', lab_name: 'Panel', provider_identifier: '303756' },
      },
      { lab_option_id: 'unknown-1', lab_option: null },
    ]);
  });

  it('reads the parts: includes by appointment type, products, initialized includes', async () => {
    const bookable = await createAppointmentType(api, { name: 'Bookable', clients_can_book: true });
    const internal = await createAppointmentType(api, { name: 'Internal' });
    const made = await api.gql<Data>(
      'mutation($input: createOfferingInput) { createOffering(input: $input) { offering { id } messages { field message } } }',
      {
        input: {
          name: 'Two kinds',
          offering_includes: [{ appointment_type_id: bookable }, { appointment_type_id: internal }],
          offering_products: [
            { product: { name: 'Zinc tablets' }, price: '9.00' },
            { product: { name: 'Apple cider' }, price: '15.00' },
          ],
        },
      },
    );
    const id = made.createOffering.offering.id as string;
    const parts = await api.gql<Data>(
      `query($id: ID, $offering: String, $type: ID) { offering(id: $id) {
        byType: offering_includes(appointment_type_id: $type) { appointment_type_id }
        bookable: offering_includes(only_bookable_by_client: true) { appointment_type_id }
      }
      initializedOfferingIncludes(offering_id: $id) { appointment_type_id }
      appointmentTypes(offering_id: $offering, order_by: CREATED_AT_ASC) { id }
      products(keywords: "zinc") { name price }
      sorted: products(order_by: PRICE_DESC, page_size: 100) { price }
      productsCount }`,
      { id, offering: id, type: internal },
    );
    expect(parts.offering.byType).toEqual([{ appointment_type_id: internal }]);
    expect(parts.offering.bookable).toEqual([{ appointment_type_id: bookable }]);
    expect(parts.appointmentTypes).toEqual([{ id: bookable }, { id: internal }]);
    expect(parts.initializedOfferingIncludes).toEqual([
      { appointment_type_id: bookable },
      { appointment_type_id: internal },
    ]);
    expect(parts.products).toEqual([{ name: 'Zinc tablets', price: '9.00' }]);
    const prices = parts.sorted.map((p: Data) => Number(p.price));
    expect(prices).toEqual([...prices].sort((x, y) => y - x));
    expect(prices).toEqual(expect.arrayContaining([15, 9]));
    expect(parts.productsCount).toBe(prices.length);
  });
});
