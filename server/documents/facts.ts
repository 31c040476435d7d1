// What a document says of its dossier, read once: the dossier's facts, the legal dates that follow
// from them (timeline), the commune, the signatory, the PLU and servitudes found at filing. The same
// object feeds the legal blocks (legal.ts) and the editable templates, whose variables it names.
import type { Knex } from 'knex';
import type { DocumentSettings } from '../config.ts';
import { consultationLastDay, timeline, type Ctx } from '../dossiers/context.ts';
import type { LegalDate } from '../dossiers/dates.ts';
import type { DossierRow } from '../dossiers/repository.ts';
import { OUTCOME_OF, TYPE_RULES, majorationRule, type DecisionKind } from '../dossiers/rules.ts';
import { tacitRefusal } from '../dossiers/tacit-refusal.ts';
import { communeName, pluDocuments, signatoryOf } from './queries.ts';

export type Facts = Awaited<ReturnType<typeof dossierFacts>>;

/** '96001000AB0003' → 'AB 3' (section and numero, as the cadastre prints them). */
export const parcelLabel = (id: string) => `${id.slice(8, 10).replace(/^0/, '')} ${Number(id.slice(10, 14))}`;

/** The header's authority: 'Commune de <nom>' unless the name already says so. */
export const authorityOf = (nom: string) => (/^commune\b/i.test(nom) ? nom : `Commune de ${nom}`);

/** CNIG: datappro 'YYYYMMDD', else the date closing the idurba ('96001_PLU_20240115'). */
function approvedOn(doc: { idurba: string; datappro: string | null }): LegalDate | null {
  const raw = doc.datappro ?? /_(\d{8})$/.exec(doc.idurba)?.[1] ?? null;
  return raw && /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : null;
}

function addressLine(a: Record<string, any> | undefined): string | null {
  if (!a) return null;
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null;
}

export function applicantOf(row: DossierRow): { name: string; address: string | null; kind: string } {
  const a = row.applicant as Record<string, any>;
  const name = a.kind === 'company'
    ? [a.name, a.representative ? `représentée par ${[a.representative.firstName, a.representative.lastName].filter(Boolean).join(' ')}` : null].filter(Boolean).join(', ')
    : [a.firstName, a.lastName].filter(Boolean).join(' ') || row.applicant_name;
  return { name, address: addressLine(a.address), kind: a.kind ?? 'person' };
}

export async function dossierFacts(knex: Knex | Knex.Transaction, row: DossierRow, settings: DocumentSettings, today: LegalDate) {
  const ctx: Ctx = row.context;
  const rule = TYPE_RULES[row.type];
  const t = timeline(ctx);
  const constraints = (row.constraints ?? { zones: [], servitudes: [], prescriptions: [], informations: [] }) as Record<string, any[]>;
  const zones = (constraints.zones ?? []).map((z) => ({ libelle: z.properties.libelle, libelong: z.properties.libelong ?? null, idurba: z.properties.idurba ?? null, share: z.share ?? null }));
  const [nom, signatory, plu] = await Promise.all([
    communeName(knex, row.insee), signatoryOf(knex, row.id),
    pluDocuments(knex, [...new Set(zones.map((z) => z.idurba).filter((x): x is string => !!x))]),
  ]);
  const commune = { insee: row.insee, nom: nom ?? row.insee };
  const works = row.works as Record<string, any>;
  const kind: DecisionKind | null = ctx.decision?.kind ?? ctx.proposal?.kind ?? null;
  // L243-1 CRPA: the tacit refusal an express grant abrogates, once notified (recorded by the engine)
  // or while it is proposed and signed on a dossier still in refus_tacite.
  const pendingRefusal = tacitRefusal(ctx);
  const abrogatedTacitRefusal = ctx.abrogatedTacitRefusal
    ?? (pendingRefusal && ctx.proposal && OUTCOME_OF[ctx.proposal.kind] === 'granted' ? pendingRefusal : null);
  return {
    today,
    authority: settings.authority ?? authorityOf(commune.nom),
    commune,
    dossier: {
      id: row.id, number: row.number, type: row.type, typeLabel: rule.label, cerfa: rule.cerfa ?? null, filedOn: row.filed_on,
      parcels: row.parcels.map(parcelLabel), parcelIds: row.parcels, version: row.version, state: row.state,
    },
    works: { description: works.description ?? null, floorArea: works.floorArea ?? null, footprint: works.footprint ?? null, dwellings: works.dwellings ?? null },
    applicant: applicantOf(row),
    delay: {
      baseMonths: ctx.baseDelayMonths, baseArticle: ctx.baseDelayArticle, months: t.delayMonths,
      startsOn: ctx.completeOn, deadline: t.decisionDeadline, tacitOn: t.tacitOn,
    },
    silence: t.silence,
    completenessLastDay: t.completenessLastDay,
    completeness: { requestedOn: ctx.completeness.requestedOn, requested: ctx.completeness.requested, missing: ctx.completeness.missing,
      received: ctx.completeness.received, piecesLastDay: t.piecesLastDay },
    majorations: ctx.majorations.map((m) => ({ ...m, label: majorationRule(m.article)?.label ?? m.article })),
    silenceMeansRefusal: ctx.silenceMeansRefusal,
    consultations: ctx.consultations.map((c) => ({ ...c, lastDay: consultationLastDay(c) })),
    proposal: ctx.proposal,
    decisionKind: kind,
    decision: ctx.decision,
    abrogatedTacitRefusal,
    signedOn: ctx.signedOn,
    signatory: {
      name: signatory?.name ?? settings.signatoryName ?? null,
      capacity: settings.signatoryCapacity,
    },
    plu: plu.map((d) => ({ idurba: d.idurba, typedoc: d.typedoc ?? 'PLU', approvedOn: approvedOn(d) })),
    zones,
    servitudes: (constraints.servitudes ?? []).map((s) => ({
      categorie: s.properties.categorie ?? null, nom: s.properties.nomsuplitt ?? s.properties.nomsup ?? null,
      gestionnaire: s.properties.gestionnaire?.nomgest ?? s.properties.nomgest ?? null,
    })),
    validity: rule.validity ?? null,
    validityEnd: t.validityEnd,
    displayFrom: ctx.displayFrom,
    conformity: ctx.conformity,
    conformityContestLastDay: t.conformityContestLastDay,
  };
}
