// A small fictional commune for the browser test, used only while server/demo/load.ts does not
// export loadDemo(db). Everything is generated here (no file, no network): a 2.5 × 2 km commune
// around Lambert-93 700000/6600000 with four sections, a jittered grid of parcels, one PLU with a
// zone of each typezone, prescriptions and informations of each nature_geom, and SUP AC1, PM1, I4,
// INT1 and EL7 (generators and assiettes).
import type { Db } from '../../server/db.ts';

export const FIXTURE_INSEE = '96001';
const X0 = 698750, Y0 = 6599000, X1 = 701250, Y1 = 6601000;
const IDURBA = '96001_PLU_20240115';

type Ring = [number, number][];

const wktPolygon = (ring: Ring) => `MULTIPOLYGON(((${[...ring, ring[0]!].map(([x, y]) => `${x} ${y}`).join(', ')})))`;
const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

/** Deterministic pseudo-random jitter in [-1, 1] from two integers. */
function jitter(i: number, j: number, salt: number): number {
  const s = Math.sin(i * 127.1 + j * 311.7 + salt * 74.7) * 43758.5453;
  return (s - Math.floor(s)) * 2 - 1;
}

export async function seedFixture(db: Db): Promise<{ parcelles: number }> {
  const k = db.knex;
  const geom = (wkt: string) => k.raw('ST_GeomFromText(?, 2154)', [wkt]);

  await k('communes').insert({ insee: FIXTURE_INSEE, nom: 'Terrier-sur-Lande (commune fictive)', geom: geom(wktPolygon(rect(X0, Y0, X1, Y1))) });

  // Four sections, one per quadrant; parcels on a 10 × 10 grid in each, inner nodes jittered.
  const XM = (X0 + X1) / 2, YM = (Y0 + Y1) / 2;
  const sections = [
    { code: 'AB', box: [X0, YM, XM, Y1] }, { code: 'AC', box: [XM, YM, X1, Y1] },
    { code: 'B', box: [X0, Y0, XM, YM] }, { code: 'ZA', box: [XM, Y0, X1, YM] },
  ] as const;
  const N = 10;
  let count = 0;
  for (const [s, { code, box }] of sections.entries()) {
    const [sx0, sy0, sx1, sy1] = box;
    const id = `${FIXTURE_INSEE}000${code.padStart(2, '0')}`;
    await k('cadastre_sections').insert({ id, commune: FIXTURE_INSEE, prefixe: '000', code, geom: geom(wktPolygon(rect(sx0, sy0, sx1, sy1))) });
    const dx = (sx1 - sx0) / N, dy = (sy1 - sy0) / N;
    const node = (i: number, j: number): [number, number] => {
      const inner = i > 0 && i < N && j > 0 && j < N;
      return [
        Math.round((sx0 + i * dx + (inner ? jitter(i, j, s) * dx * 0.2 : 0)) * 100) / 100,
        Math.round((sy0 + j * dy + (inner ? jitter(j, i, s + 9) * dy * 0.2 : 0)) * 100) / 100,
      ];
    };
    const rows = [];
    for (let j = N - 1; j >= 0; j--) {
      for (let i = 0; i < N; i++) {
        const ring: Ring = [node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)];
        const numero = String((N - 1 - j) * N + i + 1).padStart(4, '0');
        rows.push({
          id: `${id}${numero}`, commune: FIXTURE_INSEE, prefixe: '000', section: code, numero,
          contenance: Math.round(Math.abs(shoelace(ring))), geom: geom(wktPolygon(ring)),
        });
      }
    }
    await k('cadastre_parcelles').insert(rows);
    count += rows.length;
  }

  // PLU: one zone of each typezone, tiling the commune.
  await k('plu_doc_urba').insert({ idurba: IDURBA, typedoc: 'PLU', etat: '03', nomproc: 'M1', datappro: '20240115', partition: 'DU_96001' });
  await k('plu_doc_urba_com').insert({ idurba: IDURBA, insee: FIXTURE_INSEE });
  const zones: [string, string, string, Ring][] = [
    ['UA', 'Zone urbaine centrale', 'U', rect(699500, 6599600, 700000, 6600400)],
    ['UB', 'Zone urbaine pavillonnaire', 'U', rect(700000, 6599600, 700500, 6600400)],
    ['1AU', 'Zone à urbaniser ouverte', 'AUc', rect(700500, 6599600, 700900, 6600400)],
    ['2AU', 'Zone à urbaniser fermée', 'AUs', rect(700900, 6599600, X1, 6600400)],
    ['A', 'Zone agricole', 'A', rect(X0, Y0, X1, 6599600)],
    ['N', 'Zone naturelle et forestière', 'N', [[X0, 6599600], [699500, 6599600], [699500, 6600400], [X1, 6600400], [X1, Y1], [X0, Y1]]],
  ];
  await k('plu_zone_urba').insert(zones.map(([libelle, libelong, typezone, ring]) => ({
    idurba: IDURBA, libelle, libelong, typezone, insee: FIXTURE_INSEE, geom: geom(wktPolygon(ring)),
  })));
  await k('plu_prescription').insert([
    { idurba: IDURBA, nature_geom: 'surf', libelle: 'EBC', txt: 'Espace boisé classé à conserver', typepsc: '01', stypepsc: '01', geom: geom(wktPolygon(rect(699000, 6600550, 699700, 6600900))) },
    { idurba: IDURBA, nature_geom: 'surf', libelle: 'ER1', txt: 'Emplacement réservé : élargissement de voie', typepsc: '05', stypepsc: '01', geom: geom(wktPolygon(rect(700100, 6599650, 700160, 6600350))) },
    { idurba: IDURBA, nature_geom: 'lin', libelle: 'Linéaire commercial', txt: 'Linéaire commercial protégé', typepsc: '22', stypepsc: '03', geom: geom('MULTILINESTRING((699550 6600000, 700450 6600000))') },
    { idurba: IDURBA, nature_geom: 'pct', libelle: 'Patrimoine bâti', txt: 'Élément de patrimoine bâti à protéger', typepsc: '07', stypepsc: '01', geom: geom('MULTIPOINT((699800 6600200), (700300 6599800))') },
  ]);
  await k('plu_information').insert([
    { idurba: IDURBA, nature_geom: 'surf', libelle: 'ZAC', txt: 'Zone d’aménagement concerté des Lilas', typeinf: '01', stypeinf: '00', geom: geom(wktPolygon(rect(700550, 6599700, 700850, 6600300))) },
    { idurba: IDURBA, nature_geom: 'lin', libelle: 'Voie bruyante', txt: 'Secteur affecté par le bruit des infrastructures terrestres', typeinf: '19', stypeinf: '00', geom: geom('MULTILINESTRING((698750 6599500, 701250 6599500))') },
    { idurba: IDURBA, nature_geom: 'pct', libelle: 'Site archéologique', txt: 'Site archéologique connu', typeinf: '04', stypeinf: '00', geom: geom('MULTIPOINT((699200 6599300))') },
  ]);

  // SUP: one servitude per category, each with a generator and an assiette.
  const sup: { cat: string; nomsuplitt: string; gen: [string, string, string]; ass: [string, string, string] }[] = [
    { cat: 'AC1', nomsuplitt: 'Église Saint-Martin (monument historique inscrit)',
      gen: ['pct', 'Église Saint-Martin', 'MULTIPOINT((699750 6600050))'],
      ass: ['surf', 'Périmètre des abords', 'ST_Multi(ST_Buffer(ST_GeomFromText(\'POINT(699750 6600050)\', 2154), 500, 16))'] },
    { cat: 'PM1', nomsuplitt: 'Plan de prévention du risque inondation de la Lande',
      gen: ['surf', 'PPRi de la Lande', wktPolygon(rect(X0, 6599150, X1, 6599400))],
      ass: ['surf', 'Zone rouge', wktPolygon(rect(X0, 6599150, X1, 6599400))] },
    { cat: 'I4', nomsuplitt: 'Ligne électrique 63 kV Lande-Terrier',
      gen: ['lin', 'Ligne 63 kV', 'MULTILINESTRING((698750 6600700, 701250 6600250))'],
      ass: ['lin', 'Aérien', 'MULTILINESTRING((698750 6600700, 701250 6600250))'] },
    { cat: 'INT1', nomsuplitt: 'Cimetière communal',
      gen: ['surf', 'Cimetière', wktPolygon(rect(700950, 6600600, 701100, 6600750))],
      ass: ['surf', 'Zone de protection du cimetière', 'ST_Multi(ST_Buffer(ST_GeomFromText(\'POLYGON((700950 6600600, 701100 6600600, 701100 6600750, 700950 6600750, 700950 6600600))\', 2154), 100, 4))'] },
    { cat: 'EL7', nomsuplitt: 'Plan d’alignement de la Grande Rue',
      gen: ['lin', 'Grande Rue', 'MULTILINESTRING((699550 6599950, 700450 6599950))'],
      ass: ['lin', 'Alignement', 'MULTILINESTRING((699550 6599950, 700450 6599950))'] },
  ];
  for (const [n, s] of sup.entries()) {
    const partition = `SUP_96001_${s.cat}`, idsup = `${s.cat}-${n + 1}`, idgen = `${idsup}-G1`;
    const g = (src: string) => src.startsWith('ST_') ? k.raw(src) : geom(src);
    await k('sup_servitude').insert({ partition, idsup, nomsup: s.nomsuplitt, nomsuplitt: s.nomsuplitt, categorie: s.cat });
    await k('sup_generateur').insert({ partition, nature_geom: s.gen[0], idgen, idsup, nomgen: s.gen[1], typegen: s.gen[1], categorie: s.cat, geom: g(s.gen[2]) });
    await k('sup_assiette').insert({ partition, nature_geom: s.ass[0], idass: `${idgen}-A1`, idgen, nomass: s.ass[1], typeass: s.ass[1], categorie: s.cat, suptype: s.cat.toLowerCase(), geom: g(s.ass[2]) });
  }
  return { parcelles: count };
}

function shoelace(ring: Ring): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!, [x2, y2] = ring[(i + 1) % ring.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}
