/** Scheduling: a provider's appointment settings and the appointment locations written through them. */
import { expect } from 'vitest';
import type { CaseApi, Data, InvalidCase, MutationCase, ReadBackCase } from '../support.js';

export const updateAppointmentSettingDoc = `mutation($input: updateAppointmentSettingInput) {
  updateAppointmentSetting(input: $input) {
    appointmentSetting {
      id user_id allow_clients_to_cancel_appt minimum_advance_cancel_time
      appointment_locations { id location clients_can_book has_rooms rooms { id name limit_to_one } }
    }
    messages { field message }
  }
}`;

/** Writes the caller's settings with one location (and a room); returns the setting's and location's ids. */
export async function writeSettings(api: CaseApi, input: Record<string, unknown> = {}): Promise<Data> {
  const data = await api.gql<Data>(updateAppointmentSettingDoc, {
    input: {
      minimum_advance_cancel_time: 120,
      appointment_locations: [
        { location: 'Downtown clinic', clients_can_book: true, has_rooms: true, rooms: [{ name: 'Room A' }] },
      ],
      ...input,
    },
  });
  return data.updateAppointmentSetting.appointmentSetting as Data;
}

export const appointmentSettingMutations: MutationCase[] = [
  {
    mutation: 'updateAppointmentSetting',
    title: "writes the caller's settings and a location with a room; no event is documented",
    document: updateAppointmentSettingDoc,
    variables: () => ({
      input: {
        allow_clients_to_cancel_appt: false,
        minimum_advance_cancel_time: 1440,
        appointment_locations: [{ location: 'Uptown', clients_can_book: true, rooms: [{ name: 'Blue' }] }],
      },
    }),
    events: () => [],
    check: ({ provider }, data) => {
      const setting = data.appointmentSetting as Data;
      expect(setting.user_id).toBe(provider);
      expect(setting.allow_clients_to_cancel_appt).toBe(false);
      expect(setting.minimum_advance_cancel_time).toBe(1440);
      expect(setting.appointment_locations.at(-1)).toMatchObject({
        location: 'Uptown',
        clients_can_book: true,
        has_rooms: false,
        rooms: [{ name: 'Blue', limit_to_one: false }],
      });
    },
  },
];

export const appointmentSettingInvalid: InvalidCase[] = [
  {
    mutation: 'updateAppointmentSetting',
    title: 'a negative cancel notice',
    document: updateAppointmentSettingDoc,
    variables: () => ({ input: { minimum_advance_cancel_time: -5 } }),
    field: 'minimum_advance_cancel_time',
  },
  {
    mutation: 'updateAppointmentSetting',
    title: 'a location that is not the setting’s',
    document: updateAppointmentSettingDoc,
    variables: () => ({ input: { appointment_locations: [{ id: '999999', location: 'Nowhere' }] } }),
    field: 'appointment_locations[0].id',
  },
];

export const appointmentSettingReadBack: ReadBackCase[] = [
  {
    resource: 'AppointmentSetting',
    setup: async (api) => ({ setting: (await writeSettings(api, { buffer: '15' })).id as string }),
    query: `query($id: ID) { appointmentSetting(id: $id) {
      id buffer minimum_advance_cancel_time owner { id } appointment_locations { location }
    } }`,
    id: ({ setting }) => setting!,
    expected: ({ setting, provider }) => ({
      id: setting,
      buffer: '15',
      minimum_advance_cancel_time: 120,
      owner: { id: provider },
      appointment_locations: expect.arrayContaining([{ location: 'Downtown clinic' }]) as unknown as [],
    }),
  },
  {
    resource: 'AppointmentLocation',
    setup: async (api) => {
      const setting = await writeSettings(api, {
        appointment_locations: [
          { location: 'Harbor office', rooms: [{ name: 'Suite 2', limit_to_one: true }] },
        ],
      });
      const location = (setting.appointment_locations as Data[]).find((l) => l.location === 'Harbor office')!;
      return { location: location.id as string };
    },
    query: `query($id: ID) { appointmentLocation(id: $id) {
      id location clients_can_book has_rooms rooms { name limit_to_one }
    } }`,
    id: ({ location }) => location!,
    expected: ({ location }) => ({
      id: location,
      location: 'Harbor office',
      clients_can_book: false,
      has_rooms: false,
      rooms: [{ name: 'Suite 2', limit_to_one: true }],
    }),
  },
];
