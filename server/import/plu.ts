// CNIG PLU/PLUi/POS/CC deliveries (2014 and 2017+ variants, shapefiles, GeoJSON, in a folder or a
// zip). One delivery is one document: its idurba is the DOC_URBA one, else the zones', else derived;
// re-importing replaces the document (and any other document of the same GPU partition, since the
// GPU keeps one document per partition), children cascade.
import type { Knex } from 'knex';
import type { Delivery } from './files.ts';
import { toRow, type Column, type Target } from './fields.ts';
import { catalogOf, importLayer, open, peek, type Options } from './pipeline.ts';
import type { Feature, Layer } from './read.ts';
import { ImportError, type ImportReport } from './report.ts';
import { findTables } from './tables.ts';

const TYPEZONE = new Map(['U', 'AUc', 'AUs', 'A', 'N', 'Ah', 'Nh', 'Nd'].map((t) => [t.toLowerCase(), t]));
const common: Column[] = [
  { name: 'nomfic' }, { name: 'urlfic' }, { name: 'insee' }, { name: 'datvalid', type: 'yyyymmdd' }, { name: 'symbole' },
];
const named = (col: string) => (row: Record<string, unknown>, n: number) => `#${n} (${row[col] ?? ''})`;

const DOC: Target = {
  table: 'plu_doc_urba',
  columns: [
    { name: 'idurba' }, { name: 'typedoc' }, { name: 'etat', type: 'code' }, { name: 'nomproc' },
    { name: 'datappro', type: 'yyyymmdd' }, { name: 'datefin', type: 'yyyymmdd' }, { name: 'siren' },
    { name: 'nomreg' }, { name: 'urlreg' }, { name: 'nomplan' }, { name: 'urlplan' }, { name: 'siteweb' },
    { name: 'typeref', type: 'code' }, { name: 'dateref', type: 'yyyymmdd' }, { name: 'partition' },
  ],
};
const ZONE: Target = {
  table: 'plu_zone_urba', geometry: 'polygon', label: named('libelle'),
  columns: [
    { name: 'idurba' }, { name: 'lib_idzone', from: ['lib_idzone', 'idzone'] }, { name: 'libelle' }, { name: 'libelong' },
    {
      name: 'typezone',
      normalize: (v) => TYPEZONE.get(String(v).toLowerCase()) ?? v,
      check: (v) => ([...TYPEZONE.values()].includes(String(v)) ? null : `typezone "${v}" is not one of ${[...TYPEZONE.values()].join(', ')}`),
    },
    { name: 'destdomi', type: 'code' }, { name: 'formdomi', type: 'code4' }, { name: 'destoui' }, { name: 'destcdt' }, { name: 'destnon' },
    { name: 'datappro', type: 'yyyymmdd' }, ...common,
  ],
};
const PRESCRIPTION = (geometry: Target['geometry']): Target => ({
  table: 'plu_prescription', geometry, label: named('libelle'),
  columns: [
    { name: 'idurba' }, { name: 'nature_geom' }, { name: 'lib_idpsc', from: ['lib_idpsc', 'idpsc'] }, { name: 'libelle' }, { name: 'txt' },
    { name: 'typepsc', type: 'code' }, { name: 'stypepsc', type: 'code' }, { name: 'nature' }, ...common,
  ],
});
const INFORMATION = (geometry: Target['geometry']): Target => ({
  table: 'plu_information', geometry, label: named('libelle'),
  columns: [
    { name: 'idurba' }, { name: 'nature_geom' }, { name: 'lib_idinfo', from: ['lib_idinfo', 'idinfo'] }, { name: 'libelle' }, { name: 'txt' },
    { name: 'typeinf', type: 'code' }, { name: 'stypeinf', type: 'code' }, ...common,
  ],
});

const GEOM = { SURF: 'polygon', LIN: 'line', PCT: 'point' } as const;
const LAYERS: { table: string; target: Target; nature?: string }[] = [
  { table: 'ZONE_URBA', target: ZONE },
  ...(['SURF', 'LIN', 'PCT'] as const).flatMap((g) => [
    { table: `PRESCRIPTION_${g}`, target: PRESCRIPTION(GEOM[g]), nature: g.toLowerCase() },
    { table: `INFO_${g}`, target: INFORMATION(GEOM[g]), nature: g.toLowerCase() },
  ]),
];
export const PLU_TABLES = ['DOC_URBA_COM', 'DOC_URBA', ...LAYERS.map((l) => l.table)] as const;

/** 30014_PLU_20171013, 241800432_PLUi_20200128_A, and the 2014 form 4117520140603. */
export function parseIdurba(idurba: string): { code: string; typedoc: string | null; date: string; codeDu: string | null } | null {
  const m = /^(\d[0-9AB]\d{3}|\d{9})_?(?:([A-Za-z]+)_?)?(\d{8})(?:_([A-Za-z0-9]+))?$/.exec(idurba.trim());
  return m ? { code: m[1]!, typedoc: m[2] ?? null, date: m[3]!, codeDu: m[4] ?? null } : null;
}

/** The GPU partition of a document: DU_<INSEE|SIREN>[_<CodeDU>], PSMV_<INSEE> for a PSMV. */
export function partitionOf(code: string, typedoc: string | null, codeDu: string | null): string {
  return `${typedoc?.toUpperCase() === 'PSMV' ? 'PSMV' : 'DU'}_${code}${codeDu ? `_${codeDu}` : ''}`;
}

async function readAll(layer: Layer): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of layer.features) out.push(f);
  return out;
}

/**
 * An idurba for data that names none (GPU exports, 2013 files): <code>_<typedoc>_<datappro>, the code
 * being the GPU partition's, else a SIREN or INSEE code in the folder name, else the zones' INSEE.
 */
export function deriveIdurba(first: Record<string, unknown>, names: string[]): string | null {
  const tokens = names.flatMap((n) => n.split(/[-_.\s]+/));
  const code = text(first.partition)?.replace(/^DU_/, '').split('_')[0]
    ?? tokens.find((t) => /^\d{9}$/.test(t)) ?? tokens.find((t) => /^\d[0-9AB]\d{3}$/.test(t)) ?? text(first.insee);
  const datappro = text(first.datappro) ?? tokens.find((t) => /^(19|20)\d{6}$/.test(t));
  if (!code || !datappro) return null;
  const typedoc = text(first.typedoc) ?? tokens.find((t) => /^(plui?|pos|cc|psmv)$/i.test(t))?.replace(/^plui$/i, 'PLUi').replace(/^(plu|pos|cc|psmv)$/i, (x) => x.toUpperCase())
    ?? (code.length === 9 ? 'PLUi' : 'PLU');
  return `${code}_${typedoc}_${datappro}`;
}

const text = (v: unknown) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());

export async function importPlu(conn: Knex.Transaction, deliveries: Delivery[], report: ImportReport, opts: Options = {}): Promise<void> {
  for (const d of deliveries) await importDocument(conn, d, report, opts);
}

async function importDocument(conn: Knex.Transaction, d: Delivery, report: ImportReport, opts: Options): Promise<void> {
  const tables = findTables(d, PLU_TABLES, report.notes);
  const layers = LAYERS.filter((l) => tables.has(l.table));
  if (!layers.length) throw new ImportError(d.path, `holds no CNIG PLU table (${LAYERS.map((l) => l.table).join(', ')})`);

  // DOC_URBA and DOC_URBA_COM are a few rows: read them whole.
  const docRows = tables.has('DOC_URBA') ? await readAll(await open(tables.get('DOC_URBA')!.src, opts)) : [];
  const comRows = tables.has('DOC_URBA_COM') ? await readAll(await open(tables.get('DOC_URBA_COM')!.src, opts)) : [];
  const docIds = [...new Set(docRows.map((r) => text(r.properties.idurba)).filter((x) => x !== null))];
  if (docIds.length > 1) throw new ImportError(tables.get('DOC_URBA')!.src.path, `describes ${docIds.length} documents (${docIds.join(', ')}); import them one by one`);

  // Without DOC_URBA, the document is the one the first zone (or feature) names.
  const opened = new Map<string, Layer>();
  for (const l of layers) opened.set(l.table, await open(tables.get(l.table)!.src, opts));
  const firstTable = layers[0]!.table;
  const peeked = await peek(opened.get(firstTable)!);
  opened.set(firstTable, peeked.layer);
  const first = peeked.first?.properties ?? {};

  const names = [d.name, ...d.path.split(/[\\/]/).filter(Boolean).slice(-3, -1).reverse()];
  let idurba = docIds[0] ?? text(first.idurba) ?? (parseIdurba(d.name) ? d.name : null);
  const derived = idurba ? null : deriveIdurba(first, names);
  if (derived) {
    idurba = derived;
    report.notes.push(`${d.path} : ni DOC_URBA ni IDURBA dans les données ; document nommé ${idurba} d'après sa partition, son dossier ou son code INSEE et sa DATAPPRO`);
  }
  if (!idurba) throw new ImportError(d.path, 'ne nomme aucun document : ni table DOC_URBA, ni IDURBA dans les zones, ni code INSEE ou SIREN avec DATAPPRO pour le déduire');
  const code = text(first.partition)?.replace(/^DU_/, '') ?? text(first.insee);

  const parsed = parseIdurba(idurba);
  const doc = docRows[0]?.properties ?? {};
  const typedoc = text(doc.typedoc) ?? parsed?.typedoc ?? text(first.typedoc) ?? 'PLU';
  const partCode = parsed?.code ?? text(doc.siren) ?? (comRows.length === 1 ? text(comRows[0]!.properties.insee) : null) ?? code;
  if (!partCode) throw new ImportError(d.path, `document ${idurba} : sa commune ou son EPCI est introuvable (IDURBA hors de la forme CNIG, ni SIREN ni code INSEE)`);
  const partition = partitionOf(partCode, typedoc, parsed?.codeDu ?? null);

  await conn.raw('DELETE FROM plu_doc_urba WHERE idurba = ? OR partition = ?', [idurba, partition]);
  const docRow = toRow(DOC, await catalogOf(conn, DOC.table), doc, {
    idurba, typedoc, partition,
    datappro: text(doc.datappro) ?? parsed?.date ?? null,
    siren: text(doc.siren) ?? (partCode.length === 9 ? partCode : null),
  });
  if (typeof docRow === 'string') throw new ImportError(tables.get('DOC_URBA')?.src.path ?? d.path, `document ${idurba}: ${docRow}`);
  await conn(DOC.table).insert(docRow);

  for (const l of layers) {
    const mismatched = new Map<string, number>();
    await importLayer(conn, opened.get(l.table)!, {
      target: l.target,
      fixed: (f) => {
        const own = text(f.properties.idurba);
        if (own && own !== idurba) mismatched.set(own, (mismatched.get(own) ?? 0) + 1);
        return l.nature ? { idurba, nature_geom: l.nature } : { idurba };
      },
    }, report);
    // A delivery is one document: features naming another idurba (a typo, a leftover of the previous
    // approval) are attached to it rather than lost, and the report says so.
    for (const [other, count] of mismatched) {
      report.notes.push(`${tables.get(l.table)!.src.path} : ${count} objet(s) portent l'idurba ${other}, rattaché(s) au document de la livraison ${idurba}`);
    }
  }

  const communes = comRows.map((r) => text(r.properties.insee)).filter((x): x is string => x !== null);
  if (!communes.length && parsed && parsed.code.length === 5) communes.push(parsed.code);
  if (communes.length) {
    await conn.raw(`INSERT INTO plu_doc_urba_com (idurba, insee)
      SELECT ?, c FROM json_array_elements_text(?::json) AS c WHERE c ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'
      ON CONFLICT DO NOTHING`, [idurba, JSON.stringify(communes)]);
  } else {
    // A PLUi without DOC_URBA_COM: the communes are the ones its zones name.
    await conn.raw(`INSERT INTO plu_doc_urba_com (idurba, insee)
      SELECT DISTINCT idurba, insee FROM plu_zone_urba WHERE idurba = ? AND insee ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'
      ON CONFLICT DO NOTHING`, [idurba]);
  }
  report.documents.push(idurba);
  report.partitions.push(partition);
}
