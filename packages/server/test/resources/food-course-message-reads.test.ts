/**
 * Fields and query arguments derived from stored records, on both stores: a food entry's meal, picture and
 * healthiness colour; a toggle's symptom options; a course's benefits and progress; a form question's
 * HIPAA name; a message's attached document and image; and the read arguments that narrow or act
 * (`courseMembership(user_group_id, course_item_id)`, `document` / `folder(custom_module_id)`,
 * `track_opened_event`, `goals(per_page)`, `user(clear_notifs)`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../integrations/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPatient, createUserGroup } from './cases/fixtures.js';
import { caseApi, eventsAfter, lastEventId, type CaseApi, type Data } from './support.js';

/** Runs `name` with `input` and answers the id of the record in its payload field `field`. */
async function make(api: CaseApi, name: string, field: string, input: Record<string, unknown>) {
  const data = await api.gql<Data>(
    `mutation($input: ${name}Input) { ${name}(input: $input) { ${field} { id } messages { field message } } }`,
    { input },
  );
  return data[name][field].id as string;
}

const requestInput = 'createRequestedFormInput';

describe.each(dialects)('fields and arguments derived from stored records on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
  });
  afterAll(() => server.close());

  it('a food entry answers its meal, its picture and its healthiness colour', async () => {
    const patient = await createPatient(api);
    const foodItems = JSON.stringify([
      {
        name: 'Oatmeal',
        modifier: 1.5,
        serving_size: { amount: 40, unit: 'g', calories: 150 },
        nutrients: [
          { name: 'Protein', nutrient_value: 5, nutrient_unit: 'g' },
          { name: 'Iron', nutrient_value: 1.7, nutrient_unit: 'mg' },
        ],
      },
      'Blueberries',
    ]);
    const meal = await make(api, 'createEntry', 'entry', {
      user_id: patient,
      type: 'FoodEntry',
      category: 'Breakfast',
      metric_stat: '8',
      meal_name: 'Porridge',
      food_items: foodItems,
      image_string: 'https://images.example.com/porridge.jpg',
    });
    const plain = await make(api, 'createEntry', 'entry', {
      user_id: patient,
      type: 'FoodEntry',
      metric_stat: '2',
      food_items: 'Fries, Cola',
    });
    const weight = await make(api, 'createEntry', 'entry', {
      user_id: patient,
      type: 'MetricEntry',
      category: 'Weight',
      metric_stat: '80',
    });
    const read = (id: string) =>
      api.gql<Data>(
        `query($id: ID) { entry(id: $id) {
          image healthiness_info_hex_value
          meals { id name user_id cursor food_items { id modifier
            food { id name display_name fdc_import user_id nutrients { name nutrient_value nutrient_unit }
              default_serving_size { id } serving_sizes { id } }
            serving_size { id amount unit calories modifier fdc_import
              macro_nutrients { name } nutrients(food_search: true) { name } } } }
        } }`,
        { id },
      );

    const first = (await read(meal)).entry;
    expect(first.image).toBe('https://images.example.com/porridge.jpg');
    expect(first.healthiness_info_hex_value).toBe('#7CB342');
    expect(first.meals).toEqual([
      {
        id: meal,
        name: 'Porridge',
        user_id: patient,
        cursor: expect.any(String),
        food_items: [
          {
            id: `${meal}-1`,
            modifier: 1.5,
            food: {
              id: `${meal}-1`,
              name: 'Oatmeal',
              display_name: 'Oatmeal',
              fdc_import: false,
              user_id: patient,
              nutrients: [
                { name: 'Protein', nutrient_value: 5, nutrient_unit: 'g' },
                { name: 'Iron', nutrient_value: 1.7, nutrient_unit: 'mg' },
              ],
              default_serving_size: { id: `${meal}-1` },
              serving_sizes: [{ id: `${meal}-1` }],
            },
            serving_size: {
              id: `${meal}-1`,
              amount: 40,
              unit: 'g',
              calories: 150,
              modifier: 1.5,
              fdc_import: false,
              macro_nutrients: [{ name: 'Protein' }],
              nutrients: [{ name: 'Protein' }, { name: 'Iron' }],
            },
          },
          {
            id: `${meal}-2`,
            modifier: null,
            food: {
              id: `${meal}-2`,
              name: 'Blueberries',
              display_name: 'Blueberries',
              fdc_import: false,
              user_id: patient,
              nutrients: [],
              default_serving_size: null,
              serving_sizes: [],
            },
            serving_size: null,
          },
        ],
      },
    ]);

    const second = (await read(plain)).entry;
    expect(second.image).toBeNull();
    expect(second.healthiness_info_hex_value).toBe('#E53935');
    expect(second.meals[0].name).toBeNull();
    expect(second.meals[0].food_items.map((i: Data) => i.food.name)).toEqual(['Fries', 'Cola']);

    const third = (await read(weight)).entry;
    expect(third).toMatchObject({ image: null, healthiness_info_hex_value: null, meals: [] });
  });

  it("a feature toggle offers a new account's standard symptoms", async () => {
    const patient = await createPatient(api);
    const toggle = await make(api, 'createFeatureToggle', 'feature_toggle', { user_id: patient });
    const data = await api.gql<Data>(
      'query($id: ID) { featureToggle(id: $id) { symptom_options { id name value } } }',
      { id: toggle },
    );
    const options = data.featureToggle.symptom_options as Data[];
    expect(options[0]).toEqual({ id: 'Bloating', name: 'Bloating', value: 1 });
    expect(options.map((o) => o.value)).toEqual(options.map((_o, index) => index + 1));
    expect(options.every((o) => o.id === o.name)).toBe(true);
  });

  it("a course lists its benefits and its users' progress", async () => {
    const course = await make(api, 'createCourse', 'course', { name: 'Sleep well' });
    const read = async () =>
      (
        await api.gql<Data>(
          `query($id: ID) { course(id: $id) {
            course_benefits { benefit course_id } users_progress users_course_items_progress } }`,
          { id: course },
        )
      ).course;
    expect(await read()).toEqual({
      course_benefits: [],
      users_progress: null,
      users_course_items_progress: null,
    });
    await make(api, 'createCourseBenefit', 'courseBenefit', { course_id: course, benefit: 'Deeper sleep' });
    await make(api, 'createCourseMembership', 'courseMembership', {
      course_id: course,
      user_id: await createPatient(api),
    });
    const membership = await make(api, 'createCourseMembership', 'courseMembership', {
      course_id: course,
      user_id: await createPatient(api),
    });
    // Nothing served completes a course (it has no items), so the store is where one is completed.
    await server.runtime.services.store.db
      .updateTable('course_memberships' as never)
      .set({ course_status: 'completed' } as never)
      .where('id' as never, '=', Number(membership) as never)
      .execute();
    expect(await read()).toEqual({
      course_benefits: [{ benefit: 'Deeper sleep', course_id: course }],
      users_progress: '50',
      users_course_items_progress: null,
    });
  });

  it("a form question's HIPAA name is its label as plain text, or its kind", async () => {
    const form = await make(api, 'createCustomModuleForm', 'customModuleForm', { name: 'Intake' });
    const labelled = await make(api, 'createCustomModule', 'customModule', {
      custom_module_form_id: form,
      mod_type: 'text',
      label: '<p>Date of <b>birth</b></p>',
    });
    const unlabelled = await make(api, 'createCustomModule', 'customModule', {
      custom_module_form_id: form,
      mod_type: 'signature',
    });
    const data = await api.gql<Data>(
      `query($a: ID, $b: ID) {
        a: customModule(id: $a) { hipaa_name } b: customModule(id: $b) { hipaa_name } }`,
      { a: labelled, b: unlabelled },
    );
    expect(data).toEqual({ a: { hipaa_name: 'Date of birth' }, b: { hipaa_name: 'Signature' } });
  });

  it('a message keeps its attached document as a Document and its image name; no document event', async () => {
    const patient = await createPatient(api);
    const conversation = await make(api, 'createConversation', 'conversation', {
      name: 'Results',
      simple_added_users: `user-${patient}`,
    });
    const mark = await lastEventId(server);
    const note = await make(api, 'createNote', 'note', {
      conversation_id: conversation,
      content: 'Your results',
      attached_document: 'data:application/pdf;name=Lab%20results.pdf;base64,JVBERi0xLjQK',
      attached_image: 'data:image/png;base64,iVBORw0KGgo=',
    });
    const events = (await eventsAfter(server, mark)).map((e) => JSON.parse(e.body).event_type);
    expect(events).toEqual(['message.created']);
    const fields = 'document_id document_name image_name attached_image_url attached_audio_url';
    const read = await api.gql<Data>(`query($id: ID) { note(id: $id) { ${fields} } }`, { id: note });
    expect(read.note).toMatchObject({
      document_id: expect.stringMatching(/^\d+$/),
      document_name: 'Lab results.pdf',
      image_name: 'image.png',
      attached_image_url: null,
      attached_audio_url: null,
    });
    const document = await api.gql<Data>(
      'query($id: ID) { document(id: $id) { display_name file_content_type extension owner { id } } }',
      { id: read.note.document_id },
    );
    expect(document.document).toEqual({
      display_name: 'Lab results.pdf',
      file_content_type: 'application/pdf',
      extension: 'pdf',
      owner: { id: server.org.userId.toString() },
    });

    const plain = await make(api, 'createNote', 'note', { conversation_id: conversation, content: 'Hi' });
    const none = await api.gql<Data>(`query($id: ID) { note(id: $id) { ${fields} } }`, { id: plain });
    expect(none.note).toEqual({
      document_id: null,
      document_name: null,
      image_name: null,
      attached_image_url: null,
      attached_audio_url: null,
    });

    // An edit that attaches a document keeps it the same way; a file without a name is called by its type.
    await make(api, 'updateNote', 'note', {
      id: plain,
      attached_document: 'data:text/csv;base64,YSxi',
    });
    const edited = await api.gql<Data>(`query($id: ID) { note(id: $id) { ${fields} } }`, { id: plain });
    expect(edited.note).toMatchObject({
      document_id: expect.stringMatching(/^\d+$/),
      document_name: 'document.csv',
      image_name: null,
    });
  });

  it('courseMembership narrows by user group, and a course item names no enrollment', async () => {
    const course = await make(api, 'createCourse', 'course', { name: 'Move more' });
    const group = await createUserGroup(api, 'Walkers');
    const outside = await createPatient(api);
    const inside = await createPatient(api, { user_group_id: group });
    await make(api, 'createCourseMembership', 'courseMembership', { course_id: course, user_id: outside });
    const grouped = await make(api, 'createCourseMembership', 'courseMembership', {
      course_id: course,
      user_id: inside,
    });
    const data = await api.gql<Data>(
      `query($course: ID, $group: ID) {
        grouped: courseMembership(course_id: $course, user_group_id: $group) { id user { id } }
        item: courseMembership(course_id: $course, course_item_id: "1") { id }
      }`,
      { course, group },
    );
    expect(data).toEqual({ grouped: { id: grouped, user: { id: inside } }, item: null });
  });

  it('document and folder find what a document question shows; a course item names none', async () => {
    const folder = await make(api, 'createFolder', 'folder', { name: 'Consents' });
    const document = await make(api, 'createDocument', 'document', {
      display_name: 'Consent.pdf',
      file_string: 'data:application/pdf;base64,JVBERi0xLjQK',
      folder_id: folder,
    });
    const form = await make(api, 'createCustomModuleForm', 'customModuleForm', { name: 'Consent' });
    const shows = await make(api, 'createCustomModule', 'customModule', {
      custom_module_form_id: form,
      mod_type: 'document',
      options: document,
    });
    const text = await make(api, 'createCustomModule', 'customModule', {
      custom_module_form_id: form,
      mod_type: 'text',
      options: document,
    });
    const data = await api.gql<Data>(
      `query($shows: ID, $text: ID, $document: ID) {
        shown: document(custom_module_id: $shows) { id display_name }
        notDocument: document(custom_module_id: $text) { id }
        item: document(id: $document, course_item_id: "1") { id }
        folder(custom_module_id: $shows) { id name }
        noFolder: folder(custom_module_id: $text) { id }
      }`,
      { shows, text, document },
    );
    expect(data).toEqual({
      shown: { id: document, display_name: 'Consent.pdf' },
      notDocument: null,
      item: null,
      folder: { id: folder, name: 'Consents' },
      noFolder: null,
    });
  });

  it('track_opened_event records the first opening of a form and of a request, sending nothing', async () => {
    const patient = await createPatient(api);
    const form = await make(api, 'createCustomModuleForm', 'customModuleForm', { name: 'Check-in' });
    const group = await make(api, 'createFormAnswerGroup', 'form_answer_group', {
      user_id: patient,
      custom_module_form_id: form,
      finished: true,
    });
    const request = await api.gql<Data>(
      `mutation($input: ${requestInput}) {
        createRequestedFormCompletion(input: $input) { requestedFormCompletion { id } messages { field } } }`,
      { input: { custom_module_form_id: form, recipient_id: patient } },
    );
    const requestId = request.createRequestedFormCompletion.requestedFormCompletion.id as string;
    const read = (track: boolean) =>
      api.gql<Data>(
        `query($group: ID, $request: ID, $track: Boolean) {
          formAnswerGroup(id: $group, track_opened_event: $track) { opened_at }
          requestedFormCompletion(id: $request, track_opened_event: $track) { opened_at }
        }`,
        { group, request: requestId, track },
      );
    expect(await read(false)).toEqual({
      formAnswerGroup: { opened_at: null },
      requestedFormCompletion: { opened_at: null },
    });
    const mark = await lastEventId(server);
    const opened = await read(true);
    expect(opened.formAnswerGroup.opened_at).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(opened.requestedFormCompletion.opened_at).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    // A later opening keeps the first one.
    expect(await read(true)).toEqual(opened);
    expect(await read(false)).toEqual(opened);
    expect(await eventsAfter(server, mark)).toEqual([]);
  });

  it('goals(per_page) pages like page_size', async () => {
    const patient = await createPatient(api);
    for (const name of ['One', 'Two', 'Three'])
      await make(api, 'createGoal', 'goal', { name, user_id: patient });
    const data = await api.gql<Data>(
      `query($user: ID) {
        two: goals(user_id: $user, per_page: 2) { id }
        rest: goals(user_id: $user, per_page: 2, offset: 2) { id }
        sized: goals(user_id: $user, per_page: 1, page_size: 3) { id }
      }`,
      { user: patient },
    );
    expect({ two: data.two.length, rest: data.rest.length, sized: data.sized.length }).toEqual({
      two: 2,
      rest: 1,
      sized: 3,
    });
  });

  it("user(clear_notifs: true) marks the user's notifications seen", async () => {
    const patient = await createPatient(api);
    const provider = server.org.userId.toString();
    for (const message of ['logged a meal', 'logged a walk']) {
      const answer = await post(server, '/notifications', {
        other_party_id: Number(provider),
        user_id: Number(patient),
        type: 'EntryNotification',
        message,
      });
      expect(answer.status).toBe(200);
    }
    const unseen = '{ notifications(seen_status: false) { id } }';
    expect((await api.gql<Data>(unseen)).notifications).toHaveLength(2);
    await api.gql<Data>('{ user { id } }');
    expect((await api.gql<Data>(unseen)).notifications).toHaveLength(2);
    const read = await api.gql<Data>('{ user(clear_notifs: true) { id } }');
    expect(read.user).toEqual({ id: provider });
    expect((await api.gql<Data>(unseen)).notifications).toEqual([]);
  });
});
