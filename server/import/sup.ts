// CNIG SUP deliveries (standard 2016b): servitudes, actes, gestionnaires, générateurs and assiettes,
// as shapefiles/dBase or GeoJSON/JSON. A delivery is stored under one partition and replaced as a
// whole when imported again (see partitionOf for the naming rule).
import type { Knex } from 'knex';
import type { Delivery } from './files.ts';
import { extras, type Target } from './fields.ts';
import { importLayer, open, peek, type Options } from './pipeline.ts';
import type { Feature, Layer } from './read.ts';
import { ImportError, type ImportReport } from './report.ts';
import { findTables } from './tables.ts';

export type SupOptions = Options & {
  /** Forces the partition of every delivery imported. */
  partition?: string;
  /** Territory code (INSEE, département, R<nn>, FR) for partitions the data does not name. */
  territoire?: string;
};

const CATEGORY = /^(A\d{1,2}|AC\d(BIS)?|AR\d|AS\d|EL\d{1,2}(BIS)?|I\d{1,2}(BIS)?|INT\d|JS\d|PM\d(BIS)?|PT\d|T\d)$/i;
const TERRITOIRE = /^(\d{5}|\d[AB]\d{3}|0?\d{2}|2[AB]|0?97\d|R\d{2}|FR[A-Z0-9]*)$/i;
const SIREN = /^\d{9}$/;

/** ac1 → AC1, pm1bis → PM1bis: the standard's spelling of a category. */
export function canonCategory(v: unknown): string | null {
  const s = v === null || v === undefined ? '' : String(v).trim();
  return CATEGORY.test(s) ? s.toUpperCase().replace(/BIS$/, 'bis') : null;
}

/**
 * What a delivery's name says: `172014607_AC1_2A_20180130` (the standard's delivery name),
 * `SUP-AC1-2A-172014607-20180130` (its metadata file), `fr-110068012_SUP_PM3_28`, `ac1_2a_corse-du-sud`.
 * Tokens are recognised by their form: a 9-digit SIREN, a category code, a territory code.
 */
export function readDeliveryName(name: string): { idgest?: string; categorie?: string; territoire?: string } | null {
  const tokens = name.replace(/\.[a-z]+$/i, '').split(/[-_.\s]+/);
  const categorie = tokens.map(canonCategory).find((c) => c !== null);
  if (!categorie) return null;
  const idgest = tokens.find((t) => SIREN.test(t));
  // fr-… prefixes metadata names: the last territory-like token is the delivery's.
  const territoire = tokens.filter((t) => TERRITOIRE.test(t) && !CATEGORY.test(t)).pop()?.toUpperCase();
  return { idgest, categorie, territoire };
}

/**
 * The partition of a delivery, first rule that applies:
 * 1. --partition; 2. the `partition` attribute GPU exports carry;
 * 3. `[<idgest>_]SUP_<territoire>[_<CAT>]`: idgest when the data has a single SIREN gestionnaire (else the
 *    one the delivery name gives), CAT when it has a single category (else none), territoire from
 *    --territoire, else the delivery name, else the folder/zip name itself.
 */
export function partitionOf(p: {
  explicit?: string; inData: string[]; names: string[]; idgests: string[]; categories: string[]; territoire?: string; folder: string;
}): string {
  if (p.explicit) return p.explicit;
  if (p.inData.length === 1) return p.inData[0]!;
  const fromName = p.names.map(readDeliveryName).find((x) => x !== null) ?? {};
  const sirens = [...new Set(p.idgests.filter((g) => SIREN.test(g)))];
  const idgest = sirens.length === 1 ? sirens[0] : sirens.length === 0 ? fromName.idgest : undefined;
  const cats = [...new Set(p.categories)];
  const cat = cats.length === 1 ? cats[0] : cats.length === 0 ? fromName.categorie : undefined;
  const territoire = p.territoire ?? fromName.territoire ?? p.folder.replace(/[^A-Za-z0-9-]+/g, '_');
  return `${idgest ? `${idgest}_` : ''}SUP_${territoire}${cat ? `_${cat}` : ''}`;
}

const partition = { name: 'partition' };
const GESTIONNAIRE: Target = {
  table: 'sup_gestionnaire', key: ['idgest'], upsert: true,
  columns: [{ name: 'idgest' }, { name: 'nomgest' }, { name: 'nomcorres' }, { name: 'numtel' }, { name: 'courriel' }, { name: 'adresse' }],
};
const SERVITUDE: Target = {
  table: 'sup_servitude', key: ['partition', 'idsup'], label: (r) => `idsup ${r.idsup}`,
  columns: [
    partition, { name: 'idsup' }, { name: 'idgest' }, { name: 'nomsup' }, { name: 'nomsuplitt' },
    { name: 'categorie', normalize: (v) => canonCategory(v) ?? v }, { name: 'idintgest' }, { name: 'descriptio' },
    { name: 'nomreg' }, { name: 'urlreg' }, { name: 'datemaj', type: 'yyyymmdd' }, { name: 'echnum', type: 'integer' },
    { name: 'validegest', type: 'flag' }, { name: 'obsvalidat' }, { name: 'modeprod' }, { name: 'quiprod' }, { name: 'docsource' },
  ],
};
const ACTE: Target = {
  table: 'sup_acte', key: ['partition', 'idacte'], label: (r) => `idacte ${r.idacte}`,
  columns: [
    partition, { name: 'idacte' }, { name: 'nomacte' }, { name: 'reference' }, { name: 'typeacte' }, { name: 'fichier' },
    { name: 'decision' }, { name: 'datedecis', type: 'yyyymmdd' }, { name: 'datepub', type: 'yyyymmdd' }, { name: 'aplan', type: 'flag' },
  ],
};
const SERVITUDE_ACTE: Target = {
  table: 'sup_servitude_acte', key: ['partition', 'idsup', 'idacte'], label: (r) => `${r.idsup}/${r.idacte}`,
  columns: [partition, { name: 'idsup' }, { name: 'idacte' }],
};
const GENERATEUR = (geometry: Target['geometry']): Target => ({
  table: 'sup_generateur', geometry, label: (r) => `idgen ${r.idgen}`,
  columns: [
    partition, { name: 'nature_geom' }, { name: 'idgen' }, { name: 'idsup' }, { name: 'nomgen' }, { name: 'typegen' },
    { name: 'modegenere' }, { name: 'srcgeogen' }, { name: 'datesrcgen', type: 'yyyymmdd' }, { name: 'refbdext' }, { name: 'idbdext' },
    { name: 'categorie' }, { name: 'attributs', type: 'json' },
  ],
});
const ASSIETTE = (geometry: Target['geometry']): Target => ({
  table: 'sup_assiette', geometry, label: (r) => `idass ${r.idass}`,
  columns: [
    partition, { name: 'nature_geom' }, { name: 'idass' }, { name: 'idgen' }, { name: 'nomass' }, { name: 'typeass' },
    { name: 'modegeoass' }, { name: 'paramcalc' }, { name: 'srcgeoass' }, { name: 'datesrcass', type: 'yyyymmdd' },
    { name: 'categorie' }, { name: 'suptype' },
  ],
});
// Attributes GPU exports copy onto générateurs and assiettes from their servitude or acte: not
// category-specific, so they stay out of `attributs`.
const FLATTENED = new Set(['gid', 'partition', 'gpu_doc_id', 'gpu_status', 'gpu_timestamp', 'suptype', 'categorie', 'idgest',
  'nomsup', 'nomsuplitt', 'fichier', 'nomreg', 'urlreg', 'idass', 'nomass', 'typeass']);

const GEOM = { S: 'polygon', L: 'line', P: 'point' } as const;
const NATURE = { S: 'surf', L: 'lin', P: 'pct' } as const;
const TABLES = ['GESTIONNAIRE_SUP', 'SERVITUDE_ACTE_SUP', 'ACTE_SUP', 'SERVITUDE',
  'GENERATEUR_SUP_S', 'GENERATEUR_SUP_L', 'GENERATEUR_SUP_P', 'ASSIETTE_SUP_S', 'ASSIETTE_SUP_L', 'ASSIETTE_SUP_P'] as const;
const PARTITIONED = ['sup_servitude', 'sup_acte', 'sup_servitude_acte', 'sup_generateur', 'sup_assiette'];

const text = (v: unknown) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());

async function readAll(layer: Layer): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of layer.features) out.push(f);
  return out;
}

const inMemory = (layer: Layer, rows: Feature[]): Layer => ({ ...layer, features: (async function* () { yield* rows; })() });

export async function importSup(conn: Knex.Transaction, deliveries: Delivery[], report: ImportReport, opts: SupOptions = {}): Promise<void> {
  for (const d of deliveries) await importDelivery(conn, d, report, opts);
}

async function importDelivery(conn: Knex.Transaction, d: Delivery, report: ImportReport, opts: SupOptions): Promise<void> {
  const tables = findTables(d, TABLES, report.notes);
  if (!tables.size) throw new ImportError(d.path, `holds no CNIG SUP table (${TABLES.join(', ')})`);

  // The tables without geometry are small (a few thousand rows for a whole département): read them
  // whole, since the partition and the categories must be known before anything is written.
  const small = new Map<string, { layer: Layer; rows: Feature[] }>();
  for (const t of ['GESTIONNAIRE_SUP', 'SERVITUDE', 'ACTE_SUP', 'SERVITUDE_ACTE_SUP']) {
    const found = tables.get(t);
    if (!found) continue;
    const layer = await open(found.src, opts);
    small.set(t, { layer, rows: await readAll(layer) });
  }
  const geo = new Map<string, { layer: Layer; first: Feature | null; fileCat: string | null }>();
  for (const t of TABLES.filter((x) => x.includes('_SUP_'))) {
    const found = tables.get(t);
    if (!found) continue;
    const { first, layer } = await peek(await open(found.src, opts));
    geo.set(t, { layer, first, fileCat: canonCategory(found.prefix) });
  }

  const servitudes = small.get('SERVITUDE')?.rows ?? [];
  const catBySup = new Map(servitudes.map((s) => [text(s.properties.idsup), canonCategory(s.properties.categorie)]));
  const firsts = [...geo.values()].map((g) => g.first?.properties).filter((p) => p !== undefined);
  const categories = servitudes.length ? [...catBySup.values()]
    : [...firsts.map((p) => canonCategory(p.categorie) ?? canonCategory(p.suptype)), ...[...geo.values()].map((g) => g.fileCat)];
  const idgests = [...servitudes, ...(small.get('GESTIONNAIRE_SUP')?.rows ?? [])].map((r) => text(r.properties.idgest));
  const xmlNames = d.sources.filter((s) => /\.xml$/i.test(s.name)).map((s) => s.name);
  const parents = d.path.split(/[\\/]/).filter(Boolean).slice(-3, -1).reverse();
  const part = partitionOf({
    explicit: opts.partition,
    inData: [...new Set(firsts.map((p) => text(p.partition)).filter((x): x is string => x !== null))],
    names: [...xmlNames, d.name, ...parents],
    idgests: idgests.filter((x): x is string => x !== null),
    categories: categories.filter((x): x is string => x !== null),
    territoire: opts.territoire,
    folder: d.name,
  });
  const inData = new Set(firsts.map((p) => text(p.partition)).filter((x) => x !== null));
  if (!opts.partition && inData.size > 1) throw new ImportError(d.path, `mixes several partitions (${[...inData].join(', ')}); import them one by one`);
  const deliveryCat = canonCategory(part.split('_').pop());

  for (const table of PARTITIONED) await conn.raw(`DELETE FROM ${table} WHERE partition = ?`, [part]);

  const fixed = { partition: part };
  const simple: [string, Target][] = [['GESTIONNAIRE_SUP', GESTIONNAIRE], ['SERVITUDE', SERVITUDE], ['ACTE_SUP', ACTE], ['SERVITUDE_ACTE_SUP', SERVITUDE_ACTE]];
  for (const [t, target] of simple) {
    const s = small.get(t);
    if (!s) continue;
    await importLayer(conn, inMemory(s.layer, s.rows), { target, fixed: () => (t === 'GESTIONNAIRE_SUP' ? {} : fixed) }, report);
  }

  const catByGen = new Map<string, string>();
  for (const kind of ['GENERATEUR', 'ASSIETTE'] as const) {
    for (const g of ['S', 'L', 'P'] as const) {
      const entry = geo.get(`${kind}_SUP_${g}`);
      if (!entry) continue;
      const target = kind === 'GENERATEUR' ? GENERATEUR(GEOM[g]) : ASSIETTE(GEOM[g]);
      await importLayer(conn, entry.layer, {
        target,
        fixed: (f) => {
          const p = f.properties;
          const categorie = canonCategory(p.categorie) ?? canonCategory(p.suptype)
            ?? (kind === 'ASSIETTE' ? catByGen.get(text(p.idgen) ?? '') : undefined)
            ?? catBySup.get(text(p.idsup)) ?? entry.fileCat ?? deliveryCat;
          if (!categorie) return `no categorie: not in the feature, its servitude is not in SERVITUDE, and the file name has no category prefix`;
          return kind === 'GENERATEUR'
            ? { ...fixed, nature_geom: NATURE[g], categorie, attributs: extras(target, p, FLATTENED) }
            : { ...fixed, nature_geom: NATURE[g], categorie, suptype: categorie.toLowerCase() };
        },
        onRow: kind === 'GENERATEUR' ? (row) => catByGen.set(row.idgen as string, row.categorie as string) : undefined,
      }, report);
    }
  }
  report.partitions.push(part);
}
