/**
 * Notes rendered as PDF documents of a client's chart (./pdf-render.ts renders them).
 *
 * `generateChartingPdf`: the client's (`id`) charting notes named by `form_answer_group_array` (a JSON
 * array or a comma-separated list of ids), or else all their charting notes, oldest first, become one PDF
 * document of theirs (`document.created`); the mutation answers the client. `shareAnswersAsDocument`: one
 * submission's answers (or the text given as `answers`) become a PDF document for a user (`user_id`, by
 * default the submission's client), named `name`, under the organization's letterhead when asked, and the
 * user is emailed about it with `email_notification`. The PDF itself is kept beside the document and read
 * back as `Document.generated_pdf` (a data URL).
 */
import { z } from 'zod';
import {
  createRecord,
  fail,
  findRow,
  insertRow,
  parseId,
  parseInput,
  requireRow,
  typedDb,
  typedTransaction,
  type Computed,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Document } from '../documents/index.js';
import { queueEmail } from '../messaging/index.js';
import { fullName, User } from '../patients/index.js';
import { renderPdf, type PdfNote } from './pdf-render.js';
import { CustomModuleForm, FormAnswerGroup, GeneratedPdf, type FormsChartingTables } from './resources.js';

const MAX_NOTES = 100;

/** A note's title, when it was written and its answers in question order. */
async function noteOf(work: Work, group: StoredRow): Promise<PdfNote> {
  const form = await findRow(work, CustomModuleForm, Number(group.custom_module_form_id));
  const answers = await typedTransaction<FormsChartingTables>(work)
    .selectFrom('form_answers')
    .leftJoin('custom_modules', 'custom_modules.id', 'form_answers.custom_module_id')
    .select(['form_answers.label', 'form_answers.answer', 'custom_modules.label as question'])
    .where('form_answers.form_answer_group_id', '=', group.id)
    .orderBy('custom_modules.position_integer')
    .orderBy('form_answers.id')
    .execute();
  const written = group.record_created_at ?? new Date(Number(group.created_at)).toISOString();
  return {
    title: String(group.name ?? form?.name ?? `Note ${group.id}`),
    subtitle: `Written ${String(written).slice(0, 16).replace('T', ' ')} UTC`,
    answers: answers.map((a) => ({ label: a.label ?? a.question ?? null, answer: a.answer ?? '' })),
  };
}

/** The client's header lines. */
function clientHeader(client: StoredRow): string[] {
  const lines = [`Client: ${fullName(client)}`];
  if (client.dob) lines.push(`Date of birth: ${String(client.dob)}`);
  return lines;
}

/** A PDF document of `owner`'s (`document.created`) with the rendered bytes kept beside it. */
async function pdfDocument(
  work: Work,
  owner: StoredRow,
  name: string,
  pdf: Buffer,
  groups: readonly StoredRow[],
): Promise<StoredRow> {
  const document = await createRecord(
    work,
    Document,
    {
      rel_user_id: owner.id,
      display_name: name.endsWith('.pdf') ? name : `${name}.pdf`,
      include_in_charting: true,
    },
    {
      before: async (_work, values) => {
        values.file_content_type = 'application/pdf';
        values.extension = 'pdf';
      },
    },
  );
  await insertRow(
    work,
    GeneratedPdf,
    {
      document_id: document.id,
      form_answer_group_ids: JSON.stringify(groups.map((g) => g.id)),
      content: pdf.toString('base64'),
      byte_size: pdf.length,
    },
    document.organization_id,
  );
  return document;
}

/** `form_answer_group_array`: `[1, 2]`, `["1","2"]` or `1,2`. */
function listedIds(raw: string): unknown[] {
  const text = raw.trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON: answered below like any other text that names no ids.
    }
    fail(
      'form_answer_group_array',
      'Form answer group array must be a JSON array of ids or ids separated by commas',
    );
  }
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

const pdfInput = z.object({
  id: z.unknown().optional(),
  form_answer_group_array: z.string().nullish(),
  include_header_on_every_page: z.boolean().nullish(),
});

async function notesOf(
  work: Work,
  client: StoredRow,
  array: string | null | undefined,
): Promise<StoredRow[]> {
  if (array != null && array.trim() !== '') {
    const ids = listedIds(array);
    if (ids.length > MAX_NOTES) fail('form_answer_group_array', `At most ${MAX_NOTES} notes fit in one PDF`);
    const groups: StoredRow[] = [];
    for (const raw of ids) {
      const group = await requireRow(work, FormAnswerGroup, raw, 'form_answer_group_array');
      if (group.user_id !== client.id)
        fail('form_answer_group_array', `FormAnswerGroup ${group.id} is not a note of client ${client.id}`);
      groups.push(group);
    }
    return groups;
  }
  const groups = (await typedTransaction<FormsChartingTables>(work)
    .selectFrom('form_answer_groups')
    .innerJoin('custom_module_forms', 'custom_module_forms.id', 'form_answer_groups.custom_module_form_id')
    .selectAll('form_answer_groups')
    .where('form_answer_groups.user_id', '=', client.id)
    .where('form_answer_groups.deleted_at', 'is', null)
    .where('custom_module_forms.use_for_charting', '=', 1)
    .where('form_answer_groups.organization_id', 'in', work.scope)
    .orderBy('form_answer_groups.created_at')
    .orderBy('form_answer_groups.id')
    .limit(MAX_NOTES + 1)
    .execute()) as StoredRow[];
  if (groups.length === 0) fail('id', `Client ${client.id} has no charting notes`);
  if (groups.length > MAX_NOTES)
    fail('id', `At most ${MAX_NOTES} notes fit in one PDF; name them in form_answer_group_array`);
  return groups;
}

export const generateChartingPdf: SpecialMutation = {
  name: 'generateChartingPdf',
  input: 'generateChartingPdfInput',
  inputFields: { form_answer_group_array: 'String', id: 'ID', include_header_on_every_page: 'Boolean' },
  payload: 'generateChartingPdfPayload',
  returns: { user: 'User' },
  async run(work, raw) {
    const input = parseInput(pdfInput, raw);
    const client = await requireRow(work, User, input.id);
    const groups = await notesOf(work, client, input.form_answer_group_array);
    const notes: PdfNote[] = [];
    for (const group of groups) notes.push(await noteOf(work, group));
    const pdf = await renderPdf({
      title: 'Charting notes',
      header: clientHeader(client),
      headerOnEveryPage: input.include_header_on_every_page === true,
      notes,
    });
    await pdfDocument(work, client, `Charting notes - ${fullName(client)}`, pdf, groups);
    return { user: client };
  },
};

const shareInput = z.object({
  answers: z.string().max(100_000, { error: 'Answers must be at most 100000 characters' }).nullish(),
  email_notification: z.boolean().nullish(),
  form_answer_group_id: z.unknown().optional(),
  letterhead: z.boolean().nullish(),
  name: z.string().trim().max(255, { error: 'Name must be at most 255 characters' }).nullish(),
  user_id: z.unknown().optional(),
});

async function organizationName(work: Work, organizationId: number): Promise<string | undefined> {
  const row = (await work.db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', organizationId)
    .executeTakeFirst()) as { name: string | null } | undefined;
  return row?.name ?? undefined;
}

export const shareAnswersAsDocument: SpecialMutation = {
  name: 'shareAnswersAsDocument',
  input: 'shareAnswersAsDocumentInput',
  inputFields: {
    answers: 'String',
    email_notification: 'Boolean',
    form_answer_group_id: 'ID',
    letterhead: 'Boolean',
    name: 'String',
    user_id: 'ID',
  },
  payload: 'shareAnswersAsDocumentPayload',
  returns: { document: 'Document' },
  async run(work, raw) {
    const input = parseInput(shareInput, raw);
    const group = await requireRow(work, FormAnswerGroup, input.form_answer_group_id, 'form_answer_group_id');
    const given = input.user_id !== undefined && input.user_id !== null && input.user_id !== '';
    const userId = given ? parseId(input.user_id) : Number(group.user_id);
    const user = userId === null ? undefined : await findRow(work, User, userId);
    if (!user) fail('user_id', `User ${String(input.user_id ?? group.user_id)} was not found`);
    const note = await noteOf(work, group);
    const text = input.answers?.trim();
    const name = input.name || note.title;
    const pdf = await renderPdf({
      title: name,
      header: clientHeader(user),
      letterhead: input.letterhead === true ? await organizationName(work, user.organization_id) : undefined,
      notes: [text ? { ...note, answers: [{ label: null, answer: text }] } : note],
    });
    const document = await pdfDocument(work, user, name, pdf, [group]);
    if (input.email_notification === true)
      await queueEmail(
        work,
        user,
        {
          subject: `A document was shared with you: ${String(document.display_name)}`,
          body: `${String(document.display_name)} is now in your documents.`,
          notificationType: 'document_shared',
        },
        'email_notification',
      );
    return { document };
  },
};

/** `Document.generated_pdf`: the PDF carehooks rendered for the document, as a data URL (else null). */
export const generatedPdfField: Computed = {
  type: 'String',
  resolve: async (document, reader) => {
    const row = await typedDb<FormsChartingTables>(reader)
      .selectFrom('generated_pdfs')
      .select('content')
      .where('document_id', '=', document.id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst();
    return row ? `data:application/pdf;base64,${row.content}` : null;
  },
};
