// Deterministic demo dossiers: a generator that files dossiers and posts their events through the
// instruction engine (so the journals, due dates and tacit decisions are real), over the months
// before an anchor day. Same seed and anchor, same dossiers. Used by the demo loader, the public
// side's tests (with planted personal data, to prove none of it is published) and the benchmarks;
// the élus' dashboard will want it too, with more months and more dossiers.
// Every name here is fictional, and obviously so.
import { PIECES } from '../dossiers/pieces.ts';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createUser } from '../accounts/users.ts';
import type { SessionUser } from '../accounts/roles.ts';
import type { CheckLimits } from '../config.ts';
import { parseConfig } from '../config.ts';
import { addDays, type LegalDate } from '../dossiers/dates.ts';
import { fileDossier, postEvent, type EngineOptions } from '../dossiers/engine.ts';
import { parseFiling } from '../dossiers/input.ts';
import { tick } from '../dossiers/scheduler.ts';

/** What to write in every private field; distinctive strings let a test look for them anywhere public. */
export type Plant = {
  lastName: string; firstName: string; email: string; phone: string; street: string;
  representative: string; description: string; motifs: string; prescriptions: string; piece: string; service: string;
};

export type DemoOptions = {
  insee: string;
  /** The last day of the generated history ("today" for the engine). */
  anchor: LegalDate;
  count?: number;
  /** How far back filings go, in days (default 450, about 15 months). */
  spanDays?: number;
  seed?: number;
  plant?: Plant;
  check?: CheckLimits;
  service?: string;
};

export type DemoActors = { guichet: SessionUser; instructeur: SessionUser; signataire: SessionUser };

/** A small deterministic PRNG (mulberry32): the same seed gives the same dossiers on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const LAST_NAMES = ['Exemple', 'Fictif', 'Démonstration', 'Imaginaire', 'Modèle', 'Prototype', 'Essai', 'Maquette'];
const FIRST_NAMES = ['Camille', 'Dominique', 'Claude', 'Alix', 'Sacha', 'Morgan', 'Lou', 'Eden'];
const COMPANIES = [
  { name: 'SCI Démo des Tilleuls', siret: '90000000100011' }, { name: 'SAS Exemple Construction', siret: '90000000200012' },
  { name: 'SARL Fictive Habitat', siret: '90000000300013' }, { name: 'Commune de Terrier-sur-Lande (démo)', siret: '90000000400014' },
  { name: 'Bailleur Social Imaginaire', siret: '90000000500015' },
];

type Scenario = 'en_cours' | 'accorde' | 'tacite' | 'refuse' | 'sursis' | 'retire' | 'commence' | 'acheve' | 'modifie' | 'transfere';
const SCENARIO_CYCLE: readonly Scenario[] = ['accorde', 'refuse', 'commence', 'tacite', 'acheve', 'modifie', 'retire', 'accorde', 'sursis',
  'transfere', 'commence', 'refuse', 'accorde', 'acheve', 'tacite', 'accorde', 'en_cours'];
const TYPE_CYCLE: readonly string[] = ['PCMI', 'DP', 'PC', 'PCMI', 'DP', 'PA', 'PCMI', 'DP', 'PD', 'CUa', 'PCMI', 'DP', 'CUb'];

function worksOf(type: string, r: ReturnType<typeof prng>, plant?: Plant) {
  const description = plant?.description ?? 'Travaux décrits par le demandeur (démo)';
  switch (type) {
    case 'PCMI': return r.next() < 0.75
      ? { description, nature: 'construction_neuve', destination: 'habitation', floorArea: 90 + r.int(80), dwellings: 1 }
      : { description, nature: 'extension', destination: 'habitation', floorArea: 15 + r.int(40), dwellings: 0 };
    case 'PC': return r.next() < 0.7
      ? { description, nature: 'construction_neuve', destination: 'habitation', floorArea: 400 + r.int(1600), dwellings: 4 + r.int(24) }
      : { description, nature: 'construction_neuve', destination: r.pick(['commerce_activites_service', 'equipements_interet_collectif', 'autres_activites']), floorArea: 200 + r.int(800), dwellings: 0 };
    case 'DP': return { description, nature: r.pick(['extension', 'travaux_existant', 'travaux_existant', 'changement_destination']), destination: 'habitation', floorArea: r.int(20), dwellings: 0 };
    case 'PA': return { description, nature: 'amenagement', destination: 'habitation', dwellings: 5 + r.int(15) };
    case 'PD': return { description, nature: 'demolition', demolition: true };
    default: return undefined;
  }
}

const GRANT: Record<string, string> = { PC: 'accord', PCMI: 'accord', PA: 'accord', PD: 'accord', DP: 'non_opposition', CUa: 'cu_information', CUb: 'cu_positif' };
const REFUSE: Record<string, string> = { PC: 'refus', PCMI: 'refus', PA: 'refus', PD: 'refus', DP: 'opposition', CUa: 'cu_information', CUb: 'cu_negatif' };

/** The demo accounts that act in the journals (guichet, instructeur, signataire), created if missing. */
export async function demoActors(knex: Knex): Promise<DemoActors> {
  const out = {} as Record<keyof DemoActors, SessionUser>;
  for (const role of ['guichet', 'instructeur', 'signataire'] as const) {
    const { rows } = await knex.raw('SELECT id, login, name, role, communes FROM users WHERE role = ? AND disabled_at IS NULL ORDER BY id LIMIT 1', [role]);
    const u = rows[0] ?? await createUser(knex, { login: `demo-${role}`, role, password: crypto.randomBytes(18).toString('base64url'), name: `${role} (démo)` });
    out[role] = { id: Number(u.id), login: u.login, name: u.name, role, communes: [], csrfToken: '' };
  }
  return out;
}

/**
 * Files `count` dossiers in the commune over the `spanDays` before the anchor and takes each through
 * a scenario (granted, tacit, refused, withdrawn, works opened or completed, modified, transferred,
 * still under instruction), files one permit long enough before to have lapsed and one annulled by
 * the judge (so `count` + 2 dossiers), then applies what fell due up to the anchor (tacit decisions, the lapse…).
 */
export async function generateDossiers(knex: Knex, actors: DemoActors, o: DemoOptions): Promise<{ filed: number; ids: number[] }> {
  const r = prng(o.seed ?? 13);
  const count = o.count ?? 48;
  const span = o.spanDays ?? 450;
  const engine: EngineOptions = { today: () => o.anchor, check: o.check ?? parseConfig({}).check, service: o.service ?? 'X' };
  const { rows: parcelRows } = await knex.raw('SELECT id FROM cadastre_parcelles WHERE commune = ? ORDER BY id', [o.insee]);
  const parcels = parcelRows.map((p: { id: string }) => p.id);
  if (!parcels.length) throw new Error(`no parcels in commune ${o.insee}`);
  const p = o.plant;
  const ids: number[] = [];
  let filed = 0;

  // Filing dates spread over the span, oldest first, so that numbers follow the filing order.
  const days = Array.from({ length: count }, () => r.int(span)).sort((a, b) => b - a);
  for (let i = 0; i < count; i++) {
    // Types and scenarios in cycles (coprime lengths), so that every one appears whatever the seed.
    let type = TYPE_CYCLE[i % TYPE_CYCLE.length]!;
    const filedOn = addDays(o.anchor, -days[i]!);
    const age = days[i]!;
    let scenario = SCENARIO_CYCLE[i % SCENARIO_CYCLE.length]!;
    if (scenario === 'modifie' && !['PC', 'PCMI', 'PA'].includes(type)) type = 'PC';
    if (age < 40) scenario = 'en_cours'; // too recent for a decision
    else if (scenario === 'en_cours') scenario = 'tacite'; // silence past the delay is a tacit decision
    if (type.startsWith('CU') && !['en_cours', 'accorde', 'tacite', 'refuse'].includes(scenario)) scenario = 'accorde';
    if (['commence', 'acheve', 'modifie', 'transfere'].includes(scenario) && age < 120) scenario = 'accorde';
    if (scenario === 'retire' && age < 70) scenario = 'accorde';
    if (scenario === 'modifie' && !['PC', 'PCMI', 'PA'].includes(type)) scenario = 'commence';
    if (scenario === 'sursis' && type.startsWith('CU')) scenario = 'refuse';
    if (scenario === 'acheve' && type === 'PD') scenario = 'commence'; // the rules table files no DAACT on a PD

    const company = r.next() < 0.3 ? r.pick(COMPANIES) : null;
    const first = r.pick(FIRST_NAMES), last = r.pick(LAST_NAMES);
    const contact = {
      address: { street: p?.street ?? `${1 + r.int(40)} chemin du Démo`, postcode: '96100', city: 'Terrier-sur-Lande' },
      email: p?.email ?? `${first.toLowerCase()}.${last.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.org`,
      phone: p?.phone ?? `01 00 00 ${String(10 + r.int(89))} ${String(10 + r.int(89))}`,
    };
    const applicant = company
      ? { kind: 'company', name: company.name, siret: company.siret, representative: { lastName: p?.representative ?? last, firstName: first }, ...contact }
      : { kind: 'person', lastName: p?.lastName ?? last, firstName: p?.firstName ?? first, ...contact };
    const start = r.int(parcels.length);
    const n = r.next() < 0.2 ? 2 : 1;
    const ps = parcels.slice(start, start + n);
    const input = parseFiling({ type, insee: o.insee, parcels: ps, filedOn, applicant, ...(worksOf(type, r, p) ? { works: worksOf(type, r, p) } : {}) });
    const row = await fileDossier(knex, engine, input, actors.guichet);
    ids.push(row.id);
    filed++;

    const post = async (who: SessionUser, type: string, on: LegalDate, payload: Record<string, unknown> = {}) => {
      const cur = await currentVersion(knex, row.id);
      return postEvent(knex, engine, row.id, { type, on, version: cur, payload }, who);
    };
    const at = (d: number) => addDays(filedOn, d);
    // A piece the code lists for the type (pieces.ts), else the request would not suspend the delay.
    const listed = PIECES[input.type]?.[3];
    const piece = listed ? `${listed.code} ${p?.piece ?? listed.label}` : '';
    if (scenario === 'en_cours') {
      if (age > 12 && r.next() < 0.5 && !type.startsWith('CU')) await post(actors.instructeur, 'REQUEST_PIECES', at(10), { pieces: [piece] });
      continue;
    }
    if (scenario === 'tacite') continue; // the tick below makes it tacit
    let d = 8;
    if (!type.startsWith('CU') && r.next() < 0.35) {
      await post(actors.instructeur, 'REQUEST_PIECES', at(d), { pieces: [piece] });
      await post(actors.guichet, 'RECEIVE_PIECES', at(d + 10), {});
      d += 12;
    }
    if (r.next() < 0.4 || p) {
      await post(actors.instructeur, 'CONSULT', at(d), { service: p?.service ?? 'Gestionnaire du réseau d’eau (démo)' });
      await post(actors.instructeur, 'RECORD_OPINION', at(d + 6), { consultation: 1, opinion: 'favorable_prescriptions', prescriptions: p?.prescriptions ?? 'Raccordement au réseau (démo)' });
      d += 7;
    }
    const kind = scenario === 'refuse' ? REFUSE[type] : scenario === 'sursis' ? 'sursis' : GRANT[type];
    await post(actors.instructeur, 'PROPOSE_DECISION', at(d), {
      decision: kind, motifs: p?.motifs ?? (scenario === 'refuse' ? 'Motifs de la décision (démo)' : null),
      prescriptions: p?.prescriptions ?? null,
    });
    await post(actors.signataire, 'SIGN_DECISION', at(d + 2));
    await post(actors.guichet, 'NOTIFY_DECISION', at(d + 4));
    if (scenario === 'refuse' || scenario === 'sursis' || type.startsWith('CU')) continue;
    await post(actors.guichet, 'DISPLAY_ON_SITE', at(d + 9));
    if (scenario === 'retire') {
      await post(actors.signataire, 'WITHDRAW', at(d + 40), { motifs: p?.motifs ?? 'Retrait pour illégalité (démo)' });
      continue;
    }
    const child = async (childType: string, on: LegalDate, extra: Record<string, unknown> = {}) =>
      fileDossier(knex, engine, parseFiling({ type: childType, parentId: row.id, filedOn: on, ...extra }), actors.guichet);
    if (scenario === 'modifie') {
      const m = await child('modificatif', at(d + 50), { works: worksOf(type, r, p) });
      await postChild(knex, engine, m.id, actors, 'accord', addDays(at(d + 50), 20));
    }
    if (scenario === 'transfere') {
      const newHolder = { kind: 'person', lastName: p?.lastName ?? r.pick(LAST_NAMES), firstName: p?.firstName ?? r.pick(FIRST_NAMES), ...contact };
      const t = await child('transfert', at(d + 45), { applicant: newHolder });
      await postChild(knex, engine, t.id, actors, 'accord', addDays(at(d + 45), 15));
    }
    if (scenario === 'commence' || scenario === 'acheve' || (age > 200 && r.next() < 0.5)) {
      await child('DOC', at(d + 60));
      if (scenario === 'acheve') await child('DAACT', at(Math.min(d + 60 + 30 + r.int(Math.max(1, age - d - 100)), age)));
    }
  }
  // A lapsed permit (périmé, R424-17): granted five and a half years before the anchor, works never
  // opened; past its validity whether that is three years or the five of the permits delivered from
  // 28 May 2022 to 28 May 2024 (décret n° 2025-461). Filed after the cycle, with no draw from the
  // PRNG, so that the dossiers above stay the same; the tick below applies the lapse that fell due.
  ids.push(await grantedPermit(knex, engine, actors, o.insee, parcels[parcels.length - 1]!, addDays(o.anchor, -(5 * 365 + 200)), p));
  // An annulled permit (R424-19): a neighbour's appeal two months after its display, judged
  // irrevocably a year later; published as « annulé », the state a citizen most needs to see.
  ids.push(await grantedPermit(knex, engine, actors, o.insee, parcels[parcels.length - 2]!, addDays(o.anchor, -700), p, true));
  filed += 2;
  await tick(knex, o.anchor);
  return { filed, ids };
}

async function grantedPermit(knex: Knex, engine: EngineOptions, actors: DemoActors, insee: string, parcel: string, filedOn: LegalDate, p?: Plant, annulled = false): Promise<number> {
  const applicant = { kind: 'person', lastName: p?.lastName ?? 'Exemple', firstName: p?.firstName ?? 'Alix',
    address: { street: p?.street ?? '3 chemin du Démo', postcode: '96100', city: 'Terrier-sur-Lande' },
    email: p?.email ?? 'alix.exemple@example.org', phone: p?.phone ?? '01 00 00 33 44' };
  const works = { description: p?.description ?? 'Maison jamais construite (démo)', nature: 'construction_neuve', destination: 'habitation', floorArea: 110, dwellings: 1 };
  const row = await fileDossier(knex, engine, parseFiling({ type: 'PCMI', insee, parcels: [parcel], filedOn, applicant, works }), actors.guichet);
  const post = async (who: SessionUser, type: string, days: number, payload: Record<string, unknown> = {}) =>
    postEvent(knex, engine, row.id, { type, on: addDays(filedOn, days), version: await currentVersion(knex, row.id), payload }, who);
  await post(actors.instructeur, 'PROPOSE_DECISION', 30, { decision: 'accord', motifs: p?.motifs ?? null, prescriptions: p?.prescriptions ?? null });
  await post(actors.signataire, 'SIGN_DECISION', 32);
  await post(actors.guichet, 'NOTIFY_DECISION', 34);
  await post(actors.guichet, 'DISPLAY_ON_SITE', 40);
  if (annulled) {
    await post(actors.instructeur, 'APPEAL_FILED', 95, { court: 'administratif' });
    await post(actors.instructeur, 'APPEAL_DECIDED', 460, { outcome: 'annulation' });
  }
  return row.id;
}

async function currentVersion(knex: Knex, id: number): Promise<number> {
  const { rows } = await knex.raw('SELECT version FROM dossiers WHERE id = ?', [id]);
  return rows[0].version;
}

/** A child (modificatif, transfert) decided: proposed, signed and notified from `on`. */
async function postChild(knex: Knex, engine: EngineOptions, id: number, actors: DemoActors, decision: string, on: LegalDate) {
  const post = async (who: SessionUser, type: string, day: LegalDate, payload: Record<string, unknown> = {}) =>
    postEvent(knex, engine, id, { type, on: day, version: await currentVersion(knex, id), payload }, who);
  await post(actors.instructeur, 'PROPOSE_DECISION', on, { decision });
  await post(actors.signataire, 'SIGN_DECISION', addDays(on, 1));
  await post(actors.guichet, 'NOTIFY_DECISION', addDays(on, 2));
}

