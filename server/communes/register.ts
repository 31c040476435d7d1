// After an import: every commune the imported data belongs to is known by its name, its EPCI and an
// extent. Without this a cadastre imported without its communes layer left a commune called
// "91216" with no extent, and a PLU or a SUP delivery left no commune at all: the map could not open
// on it nor the search find it.
import type { Knex } from 'knex';
import { loadCog } from './cog.ts';

export type Touched = {
  /** Cadastre: the communes imported. */
  communes?: string[];
  /** PLU: the documents imported (their communes and their EPCI's SIREN are read back). */
  documents?: string[];
  /** SUP: the partitions imported (their générateurs name their communes). */
  partitions?: string[];
};

const codes = (rows: { insee: string | null }[]) => rows.map((r) => r.insee).filter((x): x is string => !!x);

/** The communes the imported data names, registered with their COG name and EPCI; their emprise refreshed. Returns the codes. */
export async function registerCommunes(conn: Knex | Knex.Transaction, touched: Touched): Promise<string[]> {
  const insee = new Set(touched.communes ?? []);
  const sirens = new Set<string>();
  if (touched.documents?.length) {
    const { rows } = await conn.raw(`
      SELECT insee FROM plu_doc_urba_com WHERE idurba = ANY (?::text[])
      UNION SELECT insee FROM plu_zone_urba WHERE idurba = ANY (?::text[]) AND insee ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'`,
    [touched.documents, touched.documents]);
    for (const c of codes(rows)) insee.add(c);
    const docs = await conn.raw('SELECT siren FROM plu_doc_urba WHERE idurba = ANY (?::text[]) AND siren ~ \'^[0-9]{9}$\'', [touched.documents]);
    for (const r of docs.rows as { siren: string }[]) sirens.add(r.siren);
  }
  if (touched.partitions?.length) {
    const { rows } = await conn.raw(`
      SELECT DISTINCT sup_generateur_insee(attributs) AS insee FROM sup_generateur
      WHERE partition = ANY (?::text[]) AND sup_generateur_insee(attributs) ~ '^([0-9]{2}|2A|2B)[0-9]{3}$'`, [touched.partitions]);
    for (const c of codes(rows)) insee.add(c);
  }
  const list = [...insee].sort();
  if (!list.length && !sirens.size) return [];

  const cog = await loadCog();
  const rows = list.map((c) => ({ insee: c, nom: cog.nom(c) ?? null, epci: cog.epciOf(c)?.siren ?? null }));
  for (const c of list) { const e = cog.epciOf(c); if (e) sirens.add(e.siren); }
  const epcis = [...sirens].map((s) => cog.epci(s)).filter((e) => e !== undefined);
  if (epcis.length) {
    await conn.raw(`INSERT INTO epci (siren, nom) SELECT siren, nom FROM json_to_recordset(?::json) AS e(siren text, nom text)
      ON CONFLICT (siren) DO UPDATE SET nom = excluded.nom WHERE epci.nom IS DISTINCT FROM excluded.nom`, [JSON.stringify(epcis)]);
  }
  if (list.length) {
    // A name given by the communes layer is kept; the INSEE code that stood in for an unknown name
    // (imports before this one) is replaced by the COG's.
    await conn.raw(`
      INSERT INTO communes (insee, nom, epci)
      SELECT insee, COALESCE(nom, insee), epci FROM json_to_recordset(?::json) AS r(insee text, nom text, epci text)
      ON CONFLICT (insee) DO UPDATE SET
        nom = CASE WHEN communes.nom = communes.insee AND excluded.nom <> excluded.insee THEN excluded.nom ELSE communes.nom END,
        epci = COALESCE(excluded.epci, communes.epci)
      WHERE (communes.nom = communes.insee AND excluded.nom <> excluded.insee) OR communes.epci IS DISTINCT FROM COALESCE(excluded.epci, communes.epci)`,
    [JSON.stringify(rows)]);
    await conn.raw('SELECT refresh_commune_emprise(?::text[])', [list]);
  }
  return list;
}
