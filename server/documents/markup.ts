// The small markup the templates write, readable by a commune's admin, and its translation into
// pdfmake's document nodes:
//   # Titre              a centred title          ## Intertitre     a heading
//   ### ARRÊTE           a centred bold line      > texte           aligned right (place, date, signature)
//   - élément            a bulleted list          **gras**          bold within a line
//   (a blank line separates paragraphs; lines of one paragraph are joined)
import { frTypography, winAnsi } from './typography.ts';

export type PdfNode = Record<string, unknown> | string;
type Inline = { text: string; bold?: boolean };

function inlines(line: string): Inline[] | string {
  const text = winAnsi(frTypography(line));
  if (!text.includes('**')) return text;
  return text.split('**').map((part, i) => (i % 2 ? { text: part, bold: true } : { text: part })).filter((p) => p.text !== '');
}

/** Markup → pdfmake content. Unknown syntax is printed as text: an admin's typo never loses a line. */
export function markupToPdf(markup: string): PdfNode[] {
  const out: PdfNode[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flushPara = () => {
    if (para.length) out.push({ text: inlines(para.join(' ')), style: 'p' });
    para = [];
  };
  const flushList = () => {
    if (list.length) out.push({ ul: list.map((l) => ({ text: inlines(l) })), style: 'list' });
    list = [];
  };
  for (const raw of markup.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const m = /^(###|##|#|>|-)\s+(.*)$/.exec(line);
    if (!line) { flushPara(); flushList(); continue; }
    if (m?.[1] === '-') { flushPara(); list.push(m[2]!); continue; }
    flushList();
    if (!m) { para.push(line); continue; }
    flushPara();
    const text = inlines(m[2]!);
    if (m[1] === '#') out.push({ text, style: 'title' });
    else if (m[1] === '##') out.push({ text, style: 'h2' });
    else if (m[1] === '###') out.push({ text, style: 'center' });
    else out.push({ text, style: 'right' });
  }
  flushPara();
  flushList();
  return out;
}

/** The plain text of a markup (for the JSON preview and tests). */
export const markupText = (markup: string) => markup.replace(/^(###|##|#|>|-)\s+/gm, '').replace(/\*\*/g, '');
