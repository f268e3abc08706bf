/** The goal library's internal edits and removals of goal templates (no public mutation makes them). */
import {
  deleteRecord,
  requireInScope,
  updateInternal,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { GoalTemplate } from './resources.js';

export type TemplateChange = Partial<Record<'name' | 'description' | 'repeat' | 'title_link', string | null>>;

export async function editGoalTemplate(
  work: Work,
  templateId: number,
  change: TemplateChange,
): Promise<StoredRow> {
  const template = await requireInScope(work, GoalTemplate, templateId, 'goal_template_id');
  return (await updateInternal(work, GoalTemplate, template, change)).row;
}

export async function removeGoalTemplate(work: Work, templateId: number): Promise<StoredRow> {
  const template = await requireInScope(work, GoalTemplate, templateId, 'goal_template_id');
  return deleteRecord(work, GoalTemplate, template);
}
