/**
 * Reads back what carehooks renders as PDF (pdfkit, standard fonts): checks the file's structure (header,
 * cross-reference table, trailer, end marker, pages) and returns its text, one string per shown line,
 * from the inflated content streams' `TJ` arrays (WinAnsi text in hex strings, which is latin1 here).
 */
import zlib from 'node:zlib';

export interface PdfFacts {
  pages: number;
  lines: string[];
}

export function readPdf(bytes: Buffer): PdfFacts {
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-1.')) throw new Error('not a PDF: no %PDF- header');
  if (!/%%EOF\s*$/.test(text)) throw new Error('not a PDF: no %%EOF at the end');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref || !text.startsWith('xref', Number(startxref[1])))
    throw new Error('not a PDF: startxref does not point at the cross-reference table');
  const pages = (text.match(/\/Type \/Page\b/g) ?? []).length;
  const lines: string[] = [];
  const streams = /\/FlateDecode[^]*?stream\r?\n/g;
  for (let match = streams.exec(text); match; match = streams.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    let content: string;
    try {
      content = zlib.inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      continue; // a font or image stream, not page content
    }
    for (const shown of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...shown[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      lines.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return { pages, lines };
}
