// GET /api/find: the map's search box. Public for parcels, sections, communes and published permits
// (from the public projection, server/publication); dossiers are added only for a logged-in account, within its communes, and without applicant data (the
// public gets the same answer whether a dossier exists or not). Addresses are not searched: the
// Etalab cadastre carries none.
import { Router } from 'express';
import type { z } from 'zod';
import type { Knex } from 'knex';
import { allow, type SessionUser } from '../accounts/roles.ts';
import { parseWith } from '../contract/parse.ts';
import { badRequest } from '../errors.ts';
import { stateLabel, TYPE_RULES, isDossierType } from '../dossiers/rules.ts';
import { communeExists, findCommunes, findDossiers, findEpci, findParcels, findSections, type ParcelProperties } from './queries.ts';
import { parseQuery } from './query.ts';
import { FIND_QUERY, type FindResult as FindResultSchema } from './api.ts';
import { findAutorisations } from '../publication/queries.ts';
import { ETAT_LABELS, type Etat } from '../publication/columns.ts';

// The contract's type: what find() builds is checked against the schema the client reads too.
export type FindResult = z.output<typeof FindResultSchema>;

export type FindParams = z.output<typeof FIND_QUERY>;

export const parseFindParams = (query: Record<string, unknown>): FindParams => parseWith(FIND_QUERY, query);

const communeText = (insee: string, nom: string | null) => (nom && nom !== insee ? `${nom} — ${insee}` : `Commune ${insee}`);
const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** Runs every reading of the query and ranks the answers: exact matches first, partial ones last. */
export async function find(knex: Knex, p: FindParams, user: SessionUser | undefined): Promise<FindResult[]> {
  const parsed = parseQuery(p.q);
  const ranked: { rank: number; result: FindResult }[] = [];
  const add = (rank: number, result: FindResult) => ranked.push({ rank, result });

  const ref = parsed.parcel;
  const commune = ref?.insee ?? p.commune;
  if (ref?.numero) {
    const exactRef = { ...ref, numero: ref.numero };
    let parcels = await findParcels(knex, exactRef, commune, p.limit);
    // Nothing by that reference in the commune shown: the same reference in the other communes.
    if (!ref.insee && commune && !parcels.some((r) => r.exact)) {
      parcels = [...parcels, ...(await findParcels(knex, exactRef, null, p.limit)).filter((r) => r.commune !== commune)];
    }
    for (const r of parcels) {
      const properties: ParcelProperties = { id: r.id, commune: r.commune, prefixe: r.prefixe, section: r.section, numero: r.numero, contenance: r.contenance };
      add(r.exact ? 1 : 4, {
        kind: 'parcel', id: r.id, commune: r.commune, bbox: r.bbox, properties,
        label: `Parcelle ${r.id.slice(8, 10).replace(/^0/, '')} ${r.id.slice(10).replace(/^0+/, '')}`,
        detail: [communeText(r.commune, r.nom), r.prefixe !== '000' ? `préfixe ${r.prefixe}` : null].filter(Boolean).join(' · '),
      });
    }
  } else if (ref && commune) {
    for (const s of await findSections(knex, ref, commune, p.limit)) {
      add(2, {
        kind: 'section', id: `${s.commune}${s.prefixe}${s.section}`, commune: s.commune, bbox: s.bbox,
        label: `Section ${s.section.replace(/^0/, '')}`,
        detail: [communeText(s.commune, s.nom), s.prefixe !== '000' ? `préfixe ${s.prefixe}` : null, plural(s.parcelles, 'parcelle')].filter(Boolean).join(' · '),
      });
    }
  }
  if (parsed.insee || parsed.name) {
    for (const c of await findCommunes(knex, parsed.insee, parsed.name, p.limit)) {
      add(c.rank === 0 ? 1 : 3, {
        kind: 'commune', id: c.insee, commune: c.insee, bbox: c.bbox, label: c.nom, detail: `Commune · INSEE ${c.insee}`,
        properties: { parcelles: c.parcelles > 0 },
      });
    }
  }
  if (parsed.name) {
    for (const e of await findEpci(knex, parsed.name, p.limit)) {
      add(3, {
        kind: 'epci', id: e.siren, commune: null, bbox: e.bbox, label: e.nom,
        detail: ['Intercommunalité', e.plui ? 'PLUi' : null, `SIREN ${e.siren}`].filter(Boolean).join(' · '),
      });
    }
  }
  if (user && parsed.dossier) {
    for (const d of await findDossiers(knex, parsed.dossier, user.communes.length ? user.communes : null, p.limit)) {
      const type = isDossierType(d.type) ? TYPE_RULES[d.type].label : d.type;
      const state = isDossierType(d.type) ? stateLabel(d.type, d.state) : d.state;
      add(d.exact ? 0 : 5, {
        kind: 'dossier', id: String(d.id), commune: d.insee, bbox: d.bbox, label: d.number,
        detail: `${type} du ${frenchDate(d.filed_on)} · ${state} · ${communeText(d.insee, d.nom)}`,
      });
    }
  }
  // Everyone: a published permit by its number, read from the public projection (id = the number,
  // for its public page #autorisation/<number>); nothing about the applicant.
  if (parsed.dossier) {
    for (const a of await findAutorisations(knex, parsed.dossier, p.limit)) {
      add(a.exact ? 1 : 5, {
        kind: 'autorisation', id: a.num_dau, commune: a.comm, bbox: a.bbox, label: a.num_dau,
        detail: `${isDossierType(a.type_dau) ? TYPE_RULES[a.type_dau].label : a.type_dau} du ${frenchDate(a.date_reelle_depot)} · ${ETAT_LABELS[a.etat_dau as Etat] ?? a.etat_dau} · ${communeText(a.comm, a.nom)}`,
      });
    }
  }
  return ranked.sort((a, b) => a.rank - b.rank).slice(0, p.limit).map((r) => r.result);
}

export function findRoutes(knex: Knex): Router {
  const r = Router();
  // Public: staff get dossiers on top, decided inside find() from req.user, never from a parameter.
  r.get('/api/find', allow('public'), async (req, res) => {
    const p = parseFindParams(req.query as Record<string, unknown>);
    if (p.commune && !(await communeExists(knex, p.commune))) throw badRequest('commune_unknown', `Commune inconnue : aucun code INSEE ${p.commune} dans Terrier.`);
    res.json({ q: p.q, results: await find(knex, p, req.user) });
  });
  return r;
}
