// Which CNIG table a file of a PLU or SUP delivery holds, from its name: the standard names tables
// `<code>_<TABLE>_<date>` (30014_ZONE_URBA_20171013.shp, AC1_ASSIETTE_SUP_S.shp, PM3_ASSIETTE_SUP_S_028.shp),
// the GPU and the converted data use the bare lowercase name (zone_urba.geojson).
import type { Delivery, Source } from './files.ts';
import { isDbf, isJson, isShp } from './read.ts';
import { ImportError } from './report.ts';

const stemOf = (name: string) => name.replace(/\.gz$/i, '').replace(/\.[^.]+$/, '').toUpperCase();

/** The table named by a file name, and what precedes it (a code or a SUP category). */
export function tableOf(name: string, tables: readonly string[]): { table: string; prefix: string | null } | null {
  const stem = stemOf(name);
  for (const t of tables) {
    const m = new RegExp(`^(?:([A-Z0-9]+)_)?${t}(?:_[0-9A-Z]+){0,2}$`).exec(stem);
    if (m) return { table: t, prefix: m[1] ?? null };
  }
  return null;
}

export type Found = { table: string; prefix: string | null; src: Source };

/**
 * The tables of a delivery, one file each. A .dbf counts only when no .shp goes with it (DOC_URBA,
 * SERVITUDE…). A folder often holds a table twice in two formats (the GeoJSON conversion next to the
 * original shapefiles, as the shared data and many users' folders do): the original delivery's file
 * (shapefile or dBase, the CNIG format) is imported and the other skipped with a notice, never both.
 * Two files of the same format for one table stay an error: nothing tells which one is meant.
 */
export function findTables(d: Delivery, tables: readonly string[], notes: string[]): Map<string, Found> {
  const found = new Map<string, Found>();
  for (const src of d.sources) {
    const data = isJson(src.name) || isShp(src.name) || (isDbf(src.name) && !src.sibling('shp'));
    if (!data) continue;
    const t = tableOf(src.name, tables);
    if (!t) {
      if (d.loose) throw new ImportError(src.path, `n’est aucune des tables ${tables.join(', ')} (d’après son nom)`);
      notes.push(`ignoré ${src.path} : pas une des tables importées`);
      continue;
    }
    const other = found.get(t.table);
    if (other) {
      if (isJson(other.src.name) === isJson(src.name)) {
        throw new ImportError(d.path, `has two files for ${t.table}: ${other.src.path} and ${src.path}; import one of them`);
      }
      const [kept, skipped] = isJson(other.src.name) ? [src, other.src] : [other.src, src];
      notes.push(`${t.table} : deux fichiers dans deux formats, ${kept.path} est importé (livraison d'origine) et ${skipped.path} ignoré`);
      found.set(t.table, { ...t, src: kept });
      continue;
    }
    found.set(t.table, { ...t, src });
  }
  return found;
}
