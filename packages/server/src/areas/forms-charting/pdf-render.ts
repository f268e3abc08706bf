/**
 * Renders notes as a PDF with pdfkit: an optional letterhead (the organization's name), a header naming
 * the client (on the first page, or on every page), then each note with its title, when it was written
 * and its questions and answers. Only PDFKit's standard fonts are used, so nothing is read from disk.
 */
import PDFDocument from 'pdfkit';

export interface PdfNote {
  title: string;
  /** When the note was written, as shown under its title. */
  subtitle?: string | undefined;
  /** Question and answer pairs; a note given as text has one entry with no label. */
  answers: ReadonlyArray<{ label: string | null; answer: string }>;
}

export interface PdfContent {
  title: string;
  /** Lines under the title: the client's name, date of birth, … */
  header: readonly string[];
  /** Repeat the header at the top of every page (Healthie's `include_header_on_every_page`). */
  headerOnEveryPage?: boolean;
  /** The organization's name above everything else. */
  letterhead?: string | undefined;
  notes: readonly PdfNote[];
}

const MARGIN = 54;

export function renderPdf(content: PdfContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: false,
    info: { Title: content.title, Producer: 'carehooks', Creator: 'carehooks' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const header = () => {
    if (content.letterhead) doc.font('Helvetica-Bold').fontSize(16).text(content.letterhead).moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(14).text(content.title);
    doc.font('Helvetica').fontSize(10);
    for (const line of content.header) doc.text(line);
    doc.moveDown();
  };
  header();
  if (content.headerOnEveryPage) doc.on('pageAdded', header);
  for (const note of content.notes) {
    doc.font('Helvetica-Bold').fontSize(12).text(note.title);
    if (note.subtitle) doc.font('Helvetica-Oblique').fontSize(9).text(note.subtitle);
    doc.moveDown(0.3);
    for (const { label, answer } of note.answers) {
      if (label) doc.font('Helvetica-Bold').fontSize(10).text(label);
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(answer === '' ? '-' : answer);
      doc.moveDown(0.3);
    }
    doc.moveDown();
  }
  doc.end();
  return done;
}
