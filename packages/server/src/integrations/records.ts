/**
 * `POST /internal/notification-settings/…`, `/internal/goals/…`, `/internal/billing/…`: internal
 * configuration and clean-ups of records no public mutation creates or removes.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { removeOtherIdNumber } from '../areas/billing-insurance/internal-other-id-numbers.js';
import { editGoalTemplate, removeGoalTemplate } from '../areas/clinical/internal-goal-templates.js';
import {
  configureNotificationSettings,
  removeNotificationSetting,
} from '../areas/messaging/internal-notification-settings.js';
import type { AnyField, Registry } from '../registry/index.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText } from '../registry/input-schemas.js';

/** The declared preferences of a NotificationSetting: flags as booleans, anything else as text. */
function preferencesSchema(registry: Registry) {
  const fields = Object.entries(registry.get('NotificationSetting').fields as Record<string, AnyField>);
  const shape = Object.fromEntries(
    fields
      .filter(([name]) => name !== 'user_id')
      .map(([name, f]) => [name, f.kind === 'bool' ? z.boolean().optional() : optionalText]),
  );
  return z.strictObject(shape);
}

export function recordRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/notification-settings/configure',
    body: z.object({ user_id: id, preferences: preferencesSchema(services.registry) }),
    run: async (work, { user_id: userId, preferences }) => {
      const { row, created } = await configureNotificationSettings(
        work,
        userId,
        preferences as Record<string, boolean | string | null>,
      );
      return { ...recordAnswer(work, 'NotificationSetting', row), created };
    },
  });
  internalRoute(app, services, {
    path: '/notification-settings/delete',
    body: z.object({ notification_setting_id: id }),
    run: async (work, { notification_setting_id: setting }) =>
      recordAnswer(work, 'NotificationSetting', await removeNotificationSetting(work, setting)),
  });
  internalRoute(app, services, {
    path: '/goals/templates/update',
    body: z.object({
      goal_template_id: id,
      name: optionalText,
      description: optionalText,
      repeat: optionalText,
      title_link: optionalText,
    }),
    run: async (work, { goal_template_id: template, ...change }) =>
      recordAnswer(work, 'GoalTemplate', await editGoalTemplate(work, template, change)),
  });
  internalRoute(app, services, {
    path: '/goals/templates/delete',
    body: z.object({ goal_template_id: id }),
    run: async (work, { goal_template_id: template }) =>
      recordAnswer(work, 'GoalTemplate', await removeGoalTemplate(work, template)),
  });
  internalRoute(app, services, {
    path: '/billing/other-id-numbers/delete',
    body: z.object({ other_id_number_id: id }),
    run: async (work, { other_id_number_id: otherId }) =>
      recordAnswer(work, 'OtherIdNumber', await removeOtherIdNumber(work, otherId)),
  });
}
