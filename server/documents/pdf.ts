// pdfmake, server side, with the PDF standard fonts (Helvetica: nothing to embed, so a page costs
// little; the text is WinAnsi, which holds French). No file and no URL may be read while rendering:
// the logo is handed over as bytes.
import pdfmake from 'pdfmake';
import type { PdfNode } from './markup.ts';
import { winAnsi } from './typography.ts';

const STANDARD = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
const STANDARD_NAMES = new Set(Object.values(STANDARD));

let ready = false;
function setup(): void {
  if (ready) return;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => STANDARD_NAMES.has(p));
  pdfmake.setFonts({ Helvetica: STANDARD });
  ready = true;
}

export type PageSpec = {
  title: string;
  /** The authority, printed on every page's header ("Commune de …"). */
  authority: string;
  /** A data: URL of a PNG or JPEG. */
  logo: string | null;
  /** Printed in the footer left of the page number (the dossier's number). */
  reference: string;
  content: PdfNode[];
};

const STYLES = {
  title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 6, 0, 10] },
  h2: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
  center: { bold: true, alignment: 'center', margin: [0, 8, 0, 8] },
  right: { alignment: 'right', margin: [0, 2, 0, 2] },
  p: { margin: [0, 0, 0, 6], alignment: 'justify' },
  list: { margin: [10, 0, 0, 6] },
  legal: { fontSize: 8, color: '#333333' },
  header: { fontSize: 9, color: '#333333' },
};

export function definition(spec: PageSpec): Record<string, unknown> {
  const header = spec.logo
    ? { columns: [{ image: spec.logo, fit: [90, 40] }, { text: winAnsi(spec.authority), style: 'header', alignment: 'right' }], margin: [40, 20, 40, 0] }
    : { text: winAnsi(spec.authority), style: 'header', margin: [40, 24, 40, 0] };
  return {
    pageSize: 'A4',
    pageMargins: [56, 76, 56, 56],
    info: { title: winAnsi(spec.title), creator: 'Terrier', producer: 'Terrier (pdfmake)' },
    defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.15 },
    styles: STYLES,
    header: () => header,
    footer: (page: number, pages: number) => ({
      columns: [{ text: winAnsi(spec.reference), style: 'header' }, { text: `Page ${page} / ${pages}`, style: 'header', alignment: 'right' }],
      margin: [56, 20, 56, 0],
    }),
    content: spec.content,
  };
}

/** The PDF's bytes. */
export async function renderPdf(spec: PageSpec): Promise<Buffer> {
  setup();
  const out = await pdfmake.createPdf(definition(spec)).getBuffer();
  return Buffer.from(out);
}
