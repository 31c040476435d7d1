// Where Terrier's data can be: metropolitan France and the overseas départements, each with its legal
// projection. The list is @etalab/project-legal's (the bounds it picks a projection by); the SQL side
// (sql/migrations/024_legal_projections.sql) holds the same bounds to measure in those projections.
import projections from '@etalab/project-legal/projections.json' with { type: 'json' };

export type Territory = { srid: number; name: string; description: string; bounds: [number, number, number, number] };

// Lambert-93 and the five overseas départements (with Saint-Martin and Saint-Barthélemy, in the
// Antilles' projection): the communes Terrier serves. Saint-Pierre-et-Miquelon, New Caledonia and
// Polynesia have their own urbanism codes, outside the code de l'urbanisme's PLU and SUP.
const SERVED = [2154, 5490, 2972, 2975, 4471];

export const TERRITORIES: Territory[] = projections
  .filter((p) => SERVED.includes(p.epsg))
  .map((p) => ({ srid: p.epsg, name: p.name, description: p.description, bounds: p.bounds as Territory['bounds'] }));

/** The territory whose bounds hold a WGS84 position, or undefined (the sea between them). */
export function territoryAt(lon: number, lat: number): Territory | undefined {
  return TERRITORIES.find(({ bounds: [x0, y0, x1, y1] }) => lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1);
}
