// The templates' markup and French typography, without a database: what an admin writes and how it prints.
import { describe, expect, it } from 'vitest';
import { markupText, markupToPdf } from './markup.ts';
import { NBSP, frLongDate, frMonths, frTypography, winAnsi } from './typography.ts';

describe('French typography', () => {
  it('writes dates in words, the first of the month as 1er', () => {
    expect(frLongDate('2026-01-31')).toBe('31 janvier 2026');
    expect(frLongDate('2026-03-01')).toBe('1er mars 2026');
    expect(frLongDate('2026-08-15')).toBe('15 août 2026');
  });

  it('writes delays in words up to twelve months', () => {
    expect(frMonths(1)).toBe('un mois');
    expect(frMonths(3)).toBe('trois mois');
    expect(frMonths(18)).toBe('18 mois');
  });

  it('puts non-breaking spaces before ; : ! ? and inside guillemets, and typographic apostrophes', () => {
    expect(frTypography('Objet : le permis ; voir "zone UA" !')).toBe(`Objet${NBSP}: le permis${NBSP}; voir «${NBSP}zone UA${NBSP}»${NBSP}!`);
    expect(frTypography("l'article R423-23")).toBe(`l’article${NBSP}R423-23`);
    expect(frTypography('n°12, 140 m² et 3 mois')).toBe(`n°${NBSP}12, 140${NBSP}m² et 3${NBSP}mois`);
    expect(frTypography('https://www.telerecours.fr')).toBe('https://www.telerecours.fr');
  });

  it('keeps what the standard PDF fonts can print and transliterates the rest', () => {
    expect(winAnsi('Arrêté « œuvre » 12 €')).toBe('Arrêté « œuvre » 12 €');
    expect(winAnsi('a\u202fb ŏ ★')).toBe(`a${NBSP}b o ?`);
  });
});

describe('the templates\' markup', () => {
  it('turns titles, headings, right-aligned lines, lists, bold and paragraphs into pdfmake nodes', () => {
    const nodes = markupToPdf('# Titre\n## Intertitre\n### ARRÊTE\n\nUne ligne\nqui continue.\n\n- un\n- **deux**\n> Fait à Lande');
    expect(nodes).toEqual([
      { text: 'Titre', style: 'title' },
      { text: 'Intertitre', style: 'h2' },
      { text: 'ARRÊTE', style: 'center' },
      { text: 'Une ligne qui continue.', style: 'p' },
      { ul: [{ text: 'un' }, { text: [{ text: 'deux', bold: true }] }], style: 'list' },
      { text: 'Fait à Lande', style: 'right' },
    ]);
  });

  it('prints unknown syntax as text, so that an admin\'s typo never loses a line', () => {
    expect(markupToPdf('#sans espace\n-- tiret')).toEqual([{ text: '#sans espace -- tiret', style: 'p' }]);
  });

  it('gives the plain text of a document', () => {
    expect(markupText('# Titre\n- **un**\n> fin')).toBe('Titre\nun\nfin');
  });
});
