/** Scheduling: declarations with their behaviour bound. */
import { area, type AnyField } from '../../registry/index.js';
import { appointmentCalendarFields, colorCodeFields } from './appointment-calendar-fields.js';
import { appointmentFields } from './appointment-fields.js';
import {
  appointmentSettingFields,
  appointmentTypeSettingField,
  locationQueries,
  organizationLocationFields,
  settingInputTypes,
  settingPayloadFields,
  updateAppointmentSetting,
  userSettingFields,
} from './appointment-settings.js';
import {
  appointmentTypeFields,
  appointmentTypeHooks,
  connectionFields,
  cptCodeFields,
  schedulingObjectTypes,
  typePricingFields,
} from './appointment-types.js';
import { appointmentLabelFields } from './appointment-labels.js';
import { typeGroupFields } from './appointment-type-groups.js';
import { createAppointmentHooks, updateAppointmentHooks } from './appointments.js';
import { availabilityFields, availabilityHooks, bulkCreateAvailability } from './availability.js';
import { checkoutInputTypes, completeCheckout } from './checkout.js';
import { deleteAppointment } from './delete-appointment.js';
import {
  createExternalCalendar,
  deleteExternalCalendar,
  updateExternalCalendar,
} from './external-calendars.js';
import { calendarRoutes, videoRoutes } from './internal-routes.js';
import { schedulingQueries } from './queries.js';
import { AppointmentTypeSetting, resources } from './resources.js';
import { schedulingTriggers } from './trigger-recipes.js';

/** updateAppointmentType's `appointment_setting`: every stored setting, as it is written. */
const settingInput = Object.fromEntries(
  (Object.entries(AppointmentTypeSetting.fields) as Array<[string, AnyField]>)
    .filter(([name]) => name !== 'appointment_type_id')
    .map(([name, f]) => [name, f.input]),
);

export const scheduling = area({
  name: 'scheduling',
  resources,
  special: [
    bulkCreateAvailability,
    completeCheckout,
    deleteAppointment,
    createExternalCalendar,
    updateExternalCalendar,
    deleteExternalCalendar,
    updateAppointmentSetting,
  ],
  hooks: {
    createAppointment: createAppointmentHooks,
    updateAppointment: updateAppointmentHooks,
    createAppointmentType: appointmentTypeHooks,
    updateAppointmentType: appointmentTypeHooks,
    createAvailability: availabilityHooks,
    updateAvailability: availabilityHooks,
  },
  extend: {
    Appointment: {
      computed: { ...appointmentFields, ...appointmentLabelFields, ...appointmentCalendarFields },
    },
    AppointmentType: {
      computed: {
        ...appointmentTypeFields,
        ...typePricingFields,
        ...typeGroupFields,
        ...appointmentTypeSettingField,
      },
    },
    AppointmentSetting: { computed: appointmentSettingFields },
    ColorCode: { computed: colorCodeFields },
    User: { computed: userSettingFields },
    Availability: { computed: availabilityFields },
    ProviderApptTypeConnection: { computed: connectionFields },
    AppointmentTypeCptCode: { computed: cptCodeFields },
  },
  extendTypes: {
    Query: { ...schedulingQueries, ...locationQueries },
    Organization: organizationLocationFields,
    ...settingPayloadFields,
  },
  objectTypes: schedulingObjectTypes,
  inputTypes: {
    AttendedClientsInput: {
      id: 'ID',
      user_id: 'ID',
      attended: 'Boolean',
      cancelled: 'Boolean',
      confirmed: 'Boolean',
      cancellation_reason: 'String',
      other_cancellation_reason: 'String',
    },
    AvailabilityInput: {
      appointment_location_id: 'String',
      appointment_type_id: 'String',
      contact_type_id: 'String',
      day_of_week: 'Int',
      end_time: 'String',
      is_repeating: 'Boolean',
      range_end: 'String',
      range_start: 'String',
      time: 'String',
      timezone: 'String',
      user_id: 'String',
    },
    RecurringAppointmentInput: {
      id: 'ID',
      join_all: 'Boolean',
      repeat_interval: 'String',
      repeat_times: 'String',
    },
    CancellationReasonOptionInput: { id: 'ID', other_cancellation_reason: 'String' },
    AppointmentAutocompleteFormCreateInput: { custom_module_form_id: 'ID!' },
    AppointmentAutocompleteFormUpdateInput: { id: 'ID', _destroy: 'Boolean', custom_module_form_id: 'ID' },
    AppointmentTypeAppointmentSettingInput: { id: 'ID', _destroy: 'Boolean', ...settingInput },
    AppointmentTypeCptCode: { cpt_code_id: 'String', fee_per_unit: 'Int', units: 'String' },
    AppointmentTypeFormConnectionInput: {
      id: 'ID',
      _destroy: 'Boolean',
      custom_module_form_id: 'ID',
      interval: 'ISO8601Duration',
    },
    ContactTypeOverride: { show: 'Boolean!' },
    ...checkoutInputTypes,
    ...settingInputTypes,
  },
  routes: [...videoRoutes, ...calendarRoutes],
  triggers: schedulingTriggers,
});
