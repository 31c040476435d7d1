// Etalab cadastre (cadastre.data.gouv.fr): communes, sections, parcelles, batiments layers, one
// commune or a whole département per file. Re-importing a commune replaces it: before its first rows
// are written, the rows of that commune already in the table are deleted (per layer imported).
import type { Knex } from 'knex';
import { edigeoParcels, isEdigeo } from './edigeo.ts';
import type { Delivery, Source } from './files.ts';
import type { Target } from './fields.ts';
import { importLayer, open, type Options } from './pipeline.ts';
import type { Layer } from './read.ts';
import { ImportError, type ImportReport } from './report.ts';
import { INSEE, PARCEL_ID } from '../communes/codes.ts';

const dates = [{ name: 'created', type: 'date' as const }, { name: 'updated', type: 'date' as const }];
const commune = { name: 'commune', check: (v: unknown) => (INSEE.test(String(v)) ? null : `commune "${v}" is not an INSEE code`) };

// Etalab field names are the column names, verbatim.
const LAYERS: Record<'communes' | 'sections' | 'parcelles' | 'batiments', Target> = {
  communes: {
    table: 'communes', geometry: 'polygon', key: ['insee'], upsert: true,
    columns: [
      { name: 'insee', from: ['id', 'insee', 'code'], check: (v) => (INSEE.test(String(v)) ? null : `"${v}" is not an INSEE code`) },
      { name: 'nom' },
    ],
  },
  sections: {
    table: 'cadastre_sections', geometry: 'polygon', key: ['id'],
    columns: [
      { name: 'id', check: (v) => (String(v).length === 10 ? null : `section id "${v}" is not 10 characters`) },
      commune, { name: 'prefixe', default: '000' }, { name: 'code', from: ['code', 'section'] }, ...dates,
    ],
  },
  parcelles: {
    table: 'cadastre_parcelles', geometry: 'polygon', key: ['id'],
    columns: [
      { name: 'id', check: (v) => (PARCEL_ID.test(String(v)) ? null : `parcel id "${v}" is not a 14-character cadastral id`) },
      commune, { name: 'prefixe', default: '000' }, { name: 'section' }, { name: 'numero' },
      { name: 'contenance', type: 'integer', check: (v) => ((v as number) >= 0 ? null : `negative contenance ${v}`) },
      { name: 'arpente', type: 'boolean' }, ...dates,
    ],
  },
  batiments: {
    table: 'cadastre_batiments', geometry: 'polygon',
    columns: [commune, { name: 'type' }, { name: 'nom' }, ...dates],
  },
};
const ORDER = ['communes', 'sections', 'parcelles', 'batiments'] as const;
type LayerName = (typeof ORDER)[number];

/** cadastre-91216-parcelles.json.gz → parcelles; the other Etalab layers have no table here. */
export function cadastreLayer(name: string): LayerName | 'other' | null {
  const m = /(?:^|[-_.])([a-z_]+?)(?:-shp)?\.(?:shp|(?:geo)?json(?:\.gz)?)$/i.exec(name);
  if (!m) return null;
  const layer = m[1]!.toLowerCase();
  return (ORDER as readonly string[]).includes(layer) ? (layer as LayerName) : 'other';
}

export async function importCadastre(conn: Knex.Transaction, deliveries: Delivery[], report: ImportReport, opts: Options = {}): Promise<void> {
  const files: { layer: LayerName; src: Source; open?: () => Layer }[] = [];
  const edigeo: Source[] = [];
  for (const d of deliveries) {
    for (const src of d.sources) {
      // DGFiP EDIGEO feuilles (edigeo.ts): their parcels, all feuilles as one layer.
      if (isEdigeo(src.name)) { edigeo.push(src); continue; }
      const layer = cadastreLayer(src.name);
      if (layer && layer !== 'other') files.push({ layer, src });
      else if (d.loose) {
        throw new ImportError(src.path, 'n’est pas une couche du cadastre Etalab que Terrier importe (communes, sections, parcelles ou batiments, nommée comme cadastre-91216-parcelles.json[.gz])');
      } else if (layer === 'other') report.notes.push(`ignoré ${src.path} : Terrier ne garde que les couches communes, sections, parcelles et batiments`);
    }
  }
  if (edigeo.length) {
    files.push({ layer: 'parcelles', src: edigeo[0]!, open: () => edigeoParcels(edigeo, opts.onProgress && ((done, total, features) => opts.onProgress!({ file: edigeo[0]!.path, done, total, features }))) });
  }
  if (!files.length) throw new ImportError(deliveries.map((d) => d.path).join(', '), 'ne contient aucune couche du cadastre Etalab (cadastre-<code>-parcelles.json[.gz]…) ni feuille EDIGEO');
  files.sort((a, b) => ORDER.indexOf(a.layer) - ORDER.indexOf(b.layer));

  const communes = new Map<string, string | null>();
  for (const { layer, src, open: openOther } of files) {
    const target = LAYERS[layer];
    const replaced = new Set<string>();
    await importLayer(conn, openOther ? openOther() : await open(src, opts), {
      target,
      // Etalab parcels always carry their commune; older exports only the id, which starts with it.
      fixed: (f) => (typeof f.properties.geometry_problem === 'string' ? f.properties.geometry_problem
        : layer === 'parcelles' && !f.properties.commune && typeof f.properties.id === 'string'
        ? { commune: f.properties.id.slice(0, 5) } : {}),
      onRow: (row) => {
        if (layer === 'communes') communes.set(row.insee as string, row.nom as string);
        else if (!communes.has(row.commune as string)) communes.set(row.commune as string, null);
      },
      beforeBatch: layer === 'communes' ? undefined : async (rows) => {
        const fresh = [...new Set(rows.map((r) => r.commune as string))].filter((c) => !replaced.has(c));
        if (!fresh.length) return;
        fresh.forEach((c) => replaced.add(c));
        // = ANY(ARRAY(…)) and not IN (SELECT …): the planner takes the latter for 100 values and
        // scans the whole table — 70 s over a département's import.
        await conn.raw(`DELETE FROM ${target.table} WHERE commune = ANY (ARRAY(SELECT json_array_elements_text(?::json)))`, [JSON.stringify(fresh)]);
      },
    }, report);
  }

  // Every commune with cadastre gets a communes row (runImport's registerCommunes): named from the
  // COG when the communes layer was not given, its boundary left NULL rather than a union of parcels,
  // which would leave out roads and rivers (the domaine public is not parcelled); its extent is then
  // the envelope of what was imported.
  report.communes.push(...[...communes.keys()].sort());
}
