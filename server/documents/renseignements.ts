// The note de renseignements d'urbanisme of a parcel (what a notary asks the mairie for before a
// sale, and the body of a CUa): the spatial check of the parcel, written out. Public, not stored.
import type { Knex } from 'knex';
import type { CheckLimits, DocumentSettings } from '../config.ts';
import { runCheck, type CheckResult } from '../checks/check.ts';
import { parseWith } from '../contract/parse.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import { notFound } from '../errors.ts';
import { RenseignementsQuery } from './api.ts';
import { logoOf } from './generate.ts';
import { authorityOf, parcelLabel } from './facts.ts';
import { markupToPdf } from './markup.ts';
import { renderPdf } from './pdf.ts';
import { parcelOf, pluDocuments } from './queries.ts';
import { renderTemplate } from './templates.ts';
import { frLongDate as long } from './typography.ts';

/** The note's query: a parcel id, nothing else (api.ts). */
export const parseRenseignementsQuery = (q: Record<string, unknown>): string => parseWith(RenseignementsQuery, q).parcelle;

const fmt = (n: number | undefined, unit: string) => (n === undefined ? '' : ` (${n.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${unit})`);

function body(check: CheckResult, plu: { idurba: string; datappro: string | null }[]): string {
  const share = (c: { area?: number; share?: number; length?: number; count?: number }) =>
    c.share !== undefined ? fmt(c.share, '% du terrain') : c.length !== undefined ? fmt(c.length, 'm') : c.count !== undefined ? fmt(c.count, 'élément(s)') : '';
  const list = (xs: string[], none: string) => (xs.length ? xs.map((x) => `- ${x}`).join('\n') : none);
  const approved = (id: string) => {
    const d = plu.find((p) => p.idurba === id);
    const raw = d?.datappro ?? /_(\d{8})$/.exec(id)?.[1];
    return raw ? `, approuvé le ${long(`${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`)}` : '';
  };
  return [
    '## Zonage du document d\'urbanisme',
    list(check.zones.map((z) => `Zone **${z.properties.libelle}**${z.properties.libelong ? ` – ${z.properties.libelong}` : ''}${share(z)} ; règlement : ${z.properties.idurba ?? 'document d\'urbanisme'}${z.properties.idurba ? approved(z.properties.idurba) : ''}${z.properties.nomfic ? `, pièce ${z.properties.nomfic}` : ''}`),
      'Aucune zone : le terrain n\'est couvert par aucun document d\'urbanisme chargé (règlement national d\'urbanisme, articles L111-1 et suivants).'),
    '## Prescriptions',
    list(check.prescriptions.map((p) => `${p.properties.libelle ?? 'Prescription'}${p.properties.txt ? ` (${p.properties.txt})` : ''}${share(p)}`), 'Aucune prescription.'),
    '## Informations',
    list(check.informations.map((p) => `${p.properties.libelle ?? 'Information'}${share(p)}`), 'Aucune information.'),
    '## Servitudes d\'utilité publique',
    list(check.servitudes.map((s) => `**${s.properties.categorie ?? ''}** ${s.properties.nomsuplitt ?? s.properties.nomsup ?? ''}${share(s)}${s.properties.gestionnaire?.nomgest ?? s.properties.nomgest ? ` ; gestionnaire : ${s.properties.gestionnaire?.nomgest ?? s.properties.nomgest}` : ''}`),
      'Aucune servitude d\'utilité publique.'),
    '## Conséquences pour une demande d\'autorisation',
    list(check.consequences.map((c) => `${c.label} (article ${c.article} du code de l'urbanisme)`), 'Aucune consultation ni majoration de délai particulière n\'est attendue des contraintes ci-dessus (délais de droit commun, article R423-23).'),
  ].join('\n\n');
}

/** The note's PDF for one parcel, from the spatial check as of today's data. */
export async function renseignementsPdf(knex: Knex, settings: DocumentSettings, limits: CheckLimits, parcelle: string, today: LegalDate): Promise<Buffer> {
  const parcel = await parcelOf(knex, parcelle);
  if (!parcel) throw notFound('parcel_unknown', `La parcelle ${parcelle} n'existe pas au cadastre chargé dans Terrier.`);
  const check = await runCheck(knex, { parcels: [parcelle], geometry: null, srid: 2154,
    tolerance: { area: limits.edgeArea, share: limits.edgeShare, length: limits.edgeLength } });
  const plu = await pluDocuments(knex, [...new Set(check.zones.map((z) => z.properties.idurba).filter(Boolean))] as string[]);
  const commune = parcel.nom ?? parcel.commune;
  const facts = {
    today, commune: { insee: parcel.commune, nom: commune },
    parcel: { id: parcel.id, label: parcelLabel(parcel.id), contenance: parcel.contenance },
  };
  const tpl = await renderTemplate('renseignements.liquid', facts, settings.templatesDir);
  const markup = [
    `# Note de renseignements d'urbanisme`,
    `**Parcelle ${parcelLabel(parcel.id)}** (${parcel.id}), ${commune}${parcel.contenance ? ` – contenance cadastrale ${parcel.contenance.toLocaleString('fr-FR')} m²` : ''}.`,
    tpl.markup,
    body(check, plu),
    '## Source des données',
    `Note établie le ${long(today)} à partir du cadastre, du document d'urbanisme et des servitudes d'utilité publique chargés dans Terrier à cette date${plu.length ? ` (${plu.map((p) => p.idurba).join(', ')})` : ''} ; contact avec une limite de moins de ${limits.edgeArea.toLocaleString('fr-FR')} m² ou de ${limits.edgeShare.toLocaleString('fr-FR')} % du terrain non retenu. Elle ne vaut ni certificat d'urbanisme (article L410-1) ni autorisation.`,
  ].join('\n\n');
  return renderPdf({ title: `Note de renseignements d'urbanisme – parcelle ${parcel.id}`, authority: settings.authority ?? authorityOf(commune),
    logo: logoOf(settings), reference: `Renseignements d'urbanisme – ${parcel.id}`, content: markupToPdf(markup) });
}
