/**
 * A provider's appointment settings as Healthie clients write and read them: every input of
 * `updateAppointmentSetting` read back, Healthie's new-account values before any write, the nested
 * locations (with rooms), color schemes, contact types and video link, the appointment fields that read the
 * settings (client cancel rules, colors, location name), the location lists with Healthie's arguments, and
 * the settings answered beside accepted insurance plans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHealthieFacts } from '../schema/parity.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { caseApi, type CaseApi, type Data } from './support.js';
import {
  createAppointment,
  createAppointmentType,
  createAvailability,
  createPatient,
  createUserGroup,
  uniqueEmail,
} from './cases/fixtures.js';
import { updateAppointmentSettingDoc, writeSettings } from './cases/appointment-settings.js';

const NESTED = [
  'appointment_locations',
  'calendar_color_schemes',
  'contact_type_overrides',
  'video_url_default',
];
const scalarInputs = Object.entries(loadHealthieFacts().inputs.updateAppointmentSettingInput!).filter(
  ([name]) => name !== 'id' && !NESTED.includes(name),
);

const update = (api: CaseApi, input: Record<string, unknown>, fields: string) =>
  api
    .gql<Data>(
      `mutation($input: updateAppointmentSettingInput) {
        updateAppointmentSetting(input: $input) { appointmentSetting { ${fields} } messages { field message } }
      }`,
      { input },
    )
    .then((d) => d.updateAppointmentSetting.appointmentSetting as Data);

const appointment = async (api: CaseApi, id: string, fields: string) =>
  (await api.gql<Data>(`query($id: ID) { appointment(id: $id) { ${fields} } }`, { id })).appointment as Data;

describe.each(dialects)('appointment settings on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let provider: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    provider = String(server.org.userId);
  });
  afterAll(() => server.close());

  it("answers a new account's settings before the provider writes any, and none for a client", async () => {
    const patient = await createPatient(api);
    const data = await api.gql<Data>(
      `query($patient: ID) {
        appointmentSetting {
          id user_id allow_clients_to_cancel_appt allow_clients_to_reschedule_appt allow_external_videochat_urls
          minimum_advance_cancel_time send_reminder_one_day_before give_notes_name pm_statuses
          appointment_locations { id } calendar_color_schemes { id } video_url_default { id } owner { id }
        }
        me: user { appointment_setting { id } }
        client: user(id: $patient) { appointment_setting { id } appointment_locations { id } }
      }`,
      { patient },
    );
    expect(data.appointmentSetting).toEqual({
      id: '0',
      user_id: provider,
      allow_clients_to_cancel_appt: true,
      allow_clients_to_reschedule_appt: true,
      allow_external_videochat_urls: false,
      minimum_advance_cancel_time: 0,
      send_reminder_one_day_before: true,
      give_notes_name: true,
      pm_statuses: ['Occurred', 'No-Show', 'Re-Scheduled', 'Cancelled', 'Late Cancellation'],
      appointment_locations: [],
      calendar_color_schemes: [],
      video_url_default: null,
      owner: { id: provider },
    });
    expect(data.me.appointment_setting).toEqual({ id: '0' });
    expect(data.client).toEqual({ appointment_setting: null, appointment_locations: [] });
  });

  it('stores every input of updateAppointmentSetting and reads each back', async () => {
    const form = (
      await api.gql<Data>(
        `mutation($input: createCustomModuleFormInput) {
          createCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
        }`,
        { input: { name: 'Group note', use_for_charting: true } },
      )
    ).createCustomModuleForm.customModuleForm.id as string;
    const given: Record<string, unknown> = {};
    scalarInputs.forEach(([name, type], i) => {
      if (name === 'user_id') given[name] = provider;
      else if (name === 'default_group_charting_template_id' || name === 'default_charting_template_id')
        given[name] = form;
      else if (type === 'Boolean') given[name] = i % 2 === 0;
      else if (type === 'Int') given[name] = i + 1;
      else given[name] = `value ${i}`;
    });
    const names = Object.keys(given);
    const written = await update(api, given, `id ${names.join(' ')}`);
    expect(written.id).not.toBe('0');
    const read = await api.gql<Data>(
      `query($id: ID, $provider: ID) {
        byId: appointmentSetting(id: $id) { ${names.join(' ')} default_charting_template_name default_group_charting_template { id } }
        byProvider: appointmentSetting(provider_id: $provider) { id }
        unsaved: appointmentSetting(id: "0") { id }
      }`,
      { id: written.id, provider },
    );
    const { default_charting_template_name, default_group_charting_template, ...stored } = read.byId as Data;
    expect(stored).toEqual(given);
    expect(default_charting_template_name).toBe('Group note');
    expect(default_group_charting_template).toEqual({ id: form });
    expect(read.byProvider.id).toBe(written.id);
    expect(read.unsaved.id).toBe(written.id);
    // Healthie's older names answer the same values.
    const aliases = await api.gql<Data>(
      `{ appointmentSetting {
        appointment_type_confirmed_email appt_type_confirmed_email charge_for_occured_appts charge_for_occurred_appts
        only_book only_book_hour booking_interval_restriction
      } }`,
    );
    const s = aliases.appointmentSetting as Data;
    expect(s.appointment_type_confirmed_email).toBe(s.appt_type_confirmed_email);
    expect(s.charge_for_occured_appts).toBe(s.charge_for_occurred_appts);
    expect(s.only_book).toBe(String(s.booking_interval_restriction));
  });

  it('writes and changes the nested locations, rooms, color schemes, contact types and video link', async () => {
    const type = await createAppointmentType(api, { name: 'Colored type' });
    const nested =
      'id appointment_locations { id location has_rooms rooms { id name limit_to_one } } ' +
      'calendar_color_schemes { id appointment_setting_id user_id color_code_by default_color color_codes { id calendar_color_scheme_id code_by_item code_by_item_name color } } ' +
      'contact_type_overrides { id name show user_id appointment_setting_id } ' +
      'video_url_default { id user_id default_url video_url_options { id url url_by_item_id } }';
    const first = await update(
      api,
      {
        appointment_locations: [
          {
            location: 'North office',
            has_rooms: true,
            rooms: [{ name: 'N1' }, { name: 'N2', limit_to_one: true }],
          },
        ],
        calendar_color_schemes: [
          {
            color_code_by: 'appointment_type',
            default_color: '#222222',
            color_codes: [{ code_by_item: type, color: '#ffeeaa' }],
          },
        ],
        contact_type_overrides: [{ name: 'Phone Call', show: false, position: 1 }],
        video_url_default: {
          default_url: 'https://video.example/room',
          video_url_options: [{ url: 'https://video.example/typed', url_by_item_id: type }],
        },
      },
      nested,
    );
    const north = (first.appointment_locations as Data[]).find((l) => l.location === 'North office')!;
    expect(north.rooms).toMatchObject([
      { name: 'N1', limit_to_one: false },
      { name: 'N2', limit_to_one: true },
    ]);
    const scheme = (first.calendar_color_schemes as Data[])[0]!;
    expect(scheme).toMatchObject({
      appointment_setting_id: first.id,
      user_id: provider,
      color_code_by: 'appointment_type',
      default_color: '#222222',
      color_codes: [
        {
          calendar_color_scheme_id: scheme.id,
          code_by_item: type,
          code_by_item_name: 'Colored type',
          color: '#ffeeaa',
        },
      ],
    });
    expect(first.contact_type_overrides).toEqual([
      expect.objectContaining({
        name: 'Phone Call',
        show: false,
        user_id: provider,
        appointment_setting_id: first.id,
      }),
    ]);
    expect(first.video_url_default).toMatchObject({
      user_id: provider,
      default_url: 'https://video.example/room',
      video_url_options: [{ url: 'https://video.example/typed', url_by_item_id: type }],
    });

    const [n1, n2] = north.rooms as Data[];
    const second = await update(
      api,
      {
        appointment_locations: [
          {
            id: north.id,
            location: 'North wing',
            rooms: [
              { id: n1!.id, _destroy: true },
              { id: n2!.id, name: 'N2b' },
            ],
          },
        ],
        contact_type_overrides: [{ name: 'Phone Call', show: true }],
        video_url_default: {
          default_url: 'https://video.example/new',
          video_url_options: [{ url: 'https://video.example/only' }],
        },
      },
      nested,
    );
    const wing = (second.appointment_locations as Data[]).find((l) => l.id === north.id)!;
    expect(wing).toMatchObject({
      location: 'North wing',
      rooms: [{ id: n2!.id, name: 'N2b', limit_to_one: true }],
    });
    expect(second.contact_type_overrides).toEqual([
      expect.objectContaining({ name: 'Phone Call', show: true }),
    ]);
    expect(second.video_url_default).toMatchObject({
      default_url: 'https://video.example/new',
      video_url_options: [{ url: 'https://video.example/only', url_by_item_id: null }],
    });
    // A scheme is removed with `_destroy`.
    const third = await update(
      api,
      { calendar_color_schemes: [{ id: scheme.id, _destroy: true }] },
      'calendar_color_schemes { id }',
    );
    expect(third.calendar_color_schemes).toEqual([]);
  });

  it("appointments follow the provider's stored settings unless their type has its own", async () => {
    await update(api, { allow_clients_to_cancel_appt: false, minimum_advance_cancel_time: 90 }, 'id');
    const patient = await createPatient(api);
    const plain = await createAppointmentType(api, { name: 'Plain' });
    const own = await createAppointmentType(api, { name: 'Own rules' });
    await api.gql(
      `mutation($input: updateAppointmentTypeInput) {
        updateAppointmentType(input: $input) { appointmentType { id } messages { field message } }
      }`,
      { input: { id: own, appointment_setting: { allow_clients_to_cancel_appt: true } } },
    );
    const fields =
      'can_client_cancel minimum_advance_cancel_time appointment_type { appointment_setting { id allow_clients_to_cancel_appt minimum_advance_cancel_time send_booking_notice appointment_locations { id } } }';
    const byProvider = await appointment(
      api,
      await createAppointment(api, { user_id: patient, appointment_type_id: plain }),
      fields,
    );
    expect(byProvider).toEqual({
      can_client_cancel: false,
      minimum_advance_cancel_time: 90,
      appointment_type: { appointment_setting: null },
    });
    const byType = await appointment(
      api,
      await createAppointment(api, { user_id: patient, appointment_type_id: own }),
      fields,
    );
    expect(byType).toMatchObject({
      can_client_cancel: true,
      minimum_advance_cancel_time: 90,
      appointment_type: {
        appointment_setting: {
          allow_clients_to_cancel_appt: true,
          minimum_advance_cancel_time: 0,
          send_booking_notice: true,
          appointment_locations: [],
        },
      },
    });
  });

  it('confirms new appointments when the provider confirms by default', async () => {
    const patient = await createPatient(api);
    await update(api, { confirm_by_default: true }, 'id');
    const confirmed = await appointment(api, await createAppointment(api, { user_id: patient }), 'confirmed');
    const declined = await appointment(
      api,
      await createAppointment(api, { user_id: patient, confirmed: false }),
      'confirmed',
    );
    await update(api, { confirm_by_default: false }, 'id');
    const plain = await appointment(api, await createAppointment(api, { user_id: patient }), 'confirmed');
    expect([confirmed.confirmed, declined.confirmed, plain.confirmed]).toEqual([true, false, false]);
  });

  it('colors appointments by the scheme, names their location, lists their groups and gives each a session', async () => {
    const colored = await createAppointmentType(api, { name: 'Colored' });
    const other = await createAppointmentType(api, { name: 'Uncolored' });
    const setting = await update(
      api,
      {
        calendar_color_schemes: [
          {
            color_code_by: 'appointment_type',
            default_color: '#1a1a1a',
            color_codes: [{ code_by_item: colored, color: '#ffeeaa' }],
          },
        ],
        appointment_locations: [{ location: 'Riverside' }],
      },
      'appointment_locations { id location }',
    );
    const riverside = (setting.appointment_locations as Data[]).find((l) => l.location === 'Riverside')!;
    const group = await createUserGroup(api, 'Evening cohort');
    const patient = await createPatient(api, { user_group_id: group });
    const fields =
      'location locationResource default_color backgroundColor(appointment_setting_updated_at: "x") textColor assigned_groups { id name } session_id generated_token unauthenticated_ics_link filled_embed_form { id }';
    const a = await appointment(
      api,
      await createAppointment(api, {
        user_id: patient,
        appointment_type_id: colored,
        appointment_location_id: riverside.id,
      }),
      fields,
    );
    expect(a).toMatchObject({
      location: 'Riverside',
      locationResource: riverside.id,
      default_color: '#1a1a1a',
      backgroundColor: '#ffeeaa',
      textColor: '#000000',
      assigned_groups: [{ id: group, name: 'Evening cohort' }],
      unauthenticated_ics_link: null,
      filled_embed_form: null,
    });
    const b = await appointment(
      api,
      await createAppointment(api, { user_id: await createPatient(api), appointment_type_id: other }),
      fields,
    );
    expect(b).toMatchObject({ backgroundColor: '#1a1a1a', textColor: '#ffffff', assigned_groups: [] });
    for (const token of [a.session_id, a.generated_token, b.session_id]) expect(token).toMatch(/^\S{24,}$/);
    expect(a.session_id).not.toBe(b.session_id);
    expect(a.generated_token).not.toBe(b.generated_token);
  });

  it('answers the booking form an embed booking filled', async () => {
    const email = uniqueEmail('embed');
    const patient = await createPatient(api, { email });
    const form = (
      await api.gql<Data>(
        `mutation($input: createCustomModuleFormInput) {
          createCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
        }`,
        { input: { name: 'Booking questions' } },
      )
    ).createCustomModuleForm.customModuleForm.id as string;
    const filled = (
      await api.gql<Data>(
        `mutation($input: createFormAnswerGroupInput) {
          createFormAnswerGroup(input: $input) { form_answer_group { id } messages { field message } }
        }`,
        { input: { user_id: patient, custom_module_form_id: form, finished: true } },
      )
    ).createFormAnswerGroup.form_answer_group.id as string;
    const booked = await api.gql<Data>(
      `mutation($input: completeCheckoutInput) {
        completeCheckout(input: $input) { appointment { id filled_embed_form { id } } messages { field message } }
      }`,
      {
        input: {
          email,
          provider_id: provider,
          appointment_type_id: await createAppointmentType(api),
          date: '2030-04-01 10:00',
          form_answer_group: { custom_module_form_id: form },
        },
      },
    );
    expect(booked.completeCheckout.appointment.filled_embed_form).toEqual({ id: filled });
  });

  it("lists locations with Healthie's arguments", async () => {
    const setting = await writeSettings(api, {
      appointment_locations: [{ location: 'Lakeside annex' }, { location: 'Hilltop' }],
    });
    const locations = setting.appointment_locations as Data[];
    const lake = locations.find((l) => l.location === 'Lakeside annex')!.id as string;
    const hill = locations.find((l) => l.location === 'Hilltop')!.id as string;
    const type = await createAppointmentType(api, { name: 'Offered at the lake' });
    // Mondays at the lake for this type.
    await createAvailability(api, {
      appointment_location_id: lake,
      appointment_type_id: type,
      day_of_week: 1,
    });
    const all = locations.map((l) => l.id as string).sort();
    const ids = (list: Data[]) => list.map((l) => l.id as string).sort();
    const q = async (args: string) =>
      ids((await api.gql<Data>(`{ appointmentLocations${args} { id } }`)).appointmentLocations as Data[]);
    expect(await q('')).toEqual(all);
    expect(await q(`(provider_id: "${provider}")`)).toEqual(all);
    expect(await q(`(provider_ids: ["${provider}"])`)).toEqual(all);
    expect(await q('(provider_id: "999999")')).toEqual([]);
    expect(await q('(org_level: true)')).toEqual(all);
    expect(await q('(keywords: "lakeside")')).toEqual([lake]);
    expect(await q(`(ids: [${hill}])`)).toEqual([hill]);
    expect(await q(`(location_ids: "${lake},${hill}")`)).toEqual([lake, hill].sort());
    expect(await q(`(resource: "${hill}")`)).toEqual([hill]);
    expect(await q(`(appointment_type_id: "${type}")`)).toEqual([lake]);
    expect(await q('(with_availability: true)')).toEqual([lake]);
    expect(await q('(appointment_date: "2030-01-07")')).toEqual([lake]);
    expect(await q('(appointment_date: "2030-01-08")')).toEqual([]);
    const others = await api.gql<Data>(
      `query($provider: ID, $org: ID, $lake: ID) {
        providerAppointmentLocations(provider_id: $provider) { id }
        user(id: $provider) { appointment_locations { id } }
        organization(id: $org) { appointment_locations { id } }
        appointmentLocation(id: $lake) { location }
      }`,
      { provider, org: String(server.org.organizationId), lake },
    );
    expect(ids(others.providerAppointmentLocations as Data[])).toEqual(all);
    expect(ids(others.user.appointment_locations as Data[])).toEqual(all);
    expect(ids(others.organization.appointment_locations as Data[])).toEqual(all);
    expect(others.appointmentLocation).toEqual({ location: 'Lakeside annex' });
  });

  it("answers the caller's settings beside accepted insurance plans", async () => {
    const own = await update(api, {}, 'id');
    const created = await api.gql<Data>(
      `mutation($input: createAcceptedInsurancePlanInput) {
        createAcceptedInsurancePlan(input: $input) {
          accepted_insurance_plans { id } appointment_setting { id accepted_insurance_plans { id } } messages { field message }
        }
      }`,
      { input: { insurance_plan_ids: ['7101'] } },
    );
    const plan = created.createAcceptedInsurancePlan.accepted_insurance_plans[0].id as string;
    expect(created.createAcceptedInsurancePlan.appointment_setting.id).toBe(own.id);
    expect(created.createAcceptedInsurancePlan.appointment_setting.accepted_insurance_plans).toContainEqual({
      id: plan,
    });
    const deleted = await api.gql<Data>(
      `mutation($input: deleteAcceptedInsurancePlanInput) {
        deleteAcceptedInsurancePlan(input: $input) {
          accepted_insurance_plan { id } appointment_setting { id accepted_insurance_plans { id } } messages { field message }
        }
      }`,
      { input: { id: plan } },
    );
    expect(deleted.deleteAcceptedInsurancePlan.appointment_setting.id).toBe(own.id);
    expect(
      deleted.deleteAcceptedInsurancePlan.appointment_setting.accepted_insurance_plans,
    ).not.toContainEqual({ id: plan });
    const refused = await server.graphql<Data>(
      `mutation { deleteAcceptedInsurancePlan(input: { id: "999999" }) { appointment_setting { id } messages { field } } }`,
    );
    expect(refused.data!.deleteAcceptedInsurancePlan).toEqual({
      appointment_setting: null,
      messages: [{ field: 'id' }],
    });
  });

  it('refuses a setting id that is not in scope and a provider that does not exist', async () => {
    const other = await server.createOrg('Elsewhere practice');
    const theirs = await server.graphql<Data>(
      'mutation { updateAppointmentSetting(input: { buffer: "5" }) { appointmentSetting { id } messages { field } } }',
      {},
      other.apiKey,
    );
    const theirId = theirs.data!.updateAppointmentSetting.appointmentSetting.id as string;
    const refused = await server.graphql<Data>(updateAppointmentSettingDoc, {
      input: { id: theirId, buffer: '9' },
    });
    expect(refused.data!.updateAppointmentSetting).toEqual({
      appointmentSetting: null,
      messages: [{ field: 'id', message: `AppointmentSetting ${theirId} was not found` }],
    });
    const unknown = await server.graphql<Data>(updateAppointmentSettingDoc, { input: { user_id: '999999' } });
    expect(unknown.data!.updateAppointmentSetting.messages).toEqual([
      { field: 'user_id', message: 'User 999999 was not found' },
    ]);
    const read = await api.gql<Data>('query($id: ID) { appointmentSetting(id: $id) { id } }', {
      id: theirId,
    });
    expect(read.appointmentSetting).toBeNull();
  });
});
