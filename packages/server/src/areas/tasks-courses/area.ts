/** Tasks and courses: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { resources } from './resources.js';
import { recordCompleter } from './tasks.js';

export const tasksCourses = area({
  name: 'tasks-courses',
  resources,
  hooks: {
    createTask: { before: recordCompleter },
    updateTask: { before: recordCompleter },
  },
  inputTypes: {
    TaskReminderInput: {
      id: 'ID',
      interval_type: 'String',
      interval_value: 'String',
      is_enabled: 'Boolean',
      reminder_time: 'Int',
      remove_reminder: 'Boolean',
    },
  },
});
