/** Scheduling: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { createAppointmentHooks, updateAppointmentHooks } from './appointments.js';
import { availabilityHooks, bulkCreateAvailability } from './availability.js';
import { completeCheckout } from './checkout.js';
import { calendarRoutes, videoRoutes } from './internal-routes.js';
import { resources } from './resources.js';
import { schedulingTriggers } from './trigger-recipes.js';

export const scheduling = area({
  name: 'scheduling',
  resources,
  special: [bulkCreateAvailability, completeCheckout],
  hooks: {
    createAppointment: createAppointmentHooks,
    updateAppointment: updateAppointmentHooks,
    createAvailability: availabilityHooks,
    updateAvailability: availabilityHooks,
  },
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
  },
  routes: [...videoRoutes, ...calendarRoutes],
  triggers: schedulingTriggers,
});
