import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { featureCollection, intersect, kinks, multiPolygon, polygon } from '@turf/turf';
import { buildDemo, dissolve, makeDemo, multiPolygonArea, ringArea, serialize, type Pt } from './make-demo.ts';

type Geom = { type: string; coordinates: any };
type F = { type: 'Feature'; id?: string; geometry: Geom | null; properties: Record<string, any> };
type FC = { type: string; name: string; crs: unknown; fictional: boolean; note: string; features: F[] };
type Box = [number, number, number, number];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = buildDemo();
const files = demo.files as Record<string, FC>;
const feats = (file: string) => files[file]!.features;
const geom = (f: F) => f.geometry!;
const commune = feats('cadastre/cadastre-96001-communes.json')[0]!;
const sections = feats('cadastre/cadastre-96001-sections.json');
const parcelles = feats('cadastre/cadastre-96001-parcelles.json');
const zones = feats('plu/96001_ZONE_URBA.json');
const assiettes = feats('sup/ASSIETTE_SUP_S.json');

const area = (g: Geom) => multiPolygonArea(g.coordinates);
const box = (g: Geom): Box => {
  const xs: number[] = [], ys: number[] = [];
  JSON.stringify(g.coordinates).match(/-?[\d.]+,-?[\d.]+/g)!.forEach((s) => {
    const [x, y] = s.split(',').map(Number);
    xs.push(x!);
    ys.push(y!);
  });
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};
const meet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
/** Planar area of the intersection (turf's intersect is planar; its area() is not, hence ours). */
function overlap(a: Geom, b: Geom): number {
  const r = intersect(featureCollection([multiPolygon(a.coordinates), multiPolygon(b.coordinates)]));
  if (!r) return 0;
  return multiPolygonArea(r.geometry.type === 'Polygon' ? [r.geometry.coordinates] : r.geometry.coordinates);
}
/** Features of `set` overlapping `g` by more than `min` m² (bbox pre-filter, then intersect). */
const touching = (g: Geom, set: F[], min = 1) => set.filter((f) => meet(box(g), box(geom(f))) && overlap(g, geom(f)) > min);

const parcelsIn = (g: Geom) => touching(g, parcelles);
const byCat = (cat: string) => assiettes.filter((a) => a.properties.categorie === cat);
const straddling = parcelles.filter((p) => touching(geom(p), zones).length >= 2);

describe('make-demo: determinism', () => {
  it('gives byte-identical output when run twice in one process', () => {
    const a = Object.entries(makeDemo()).map(([k, v]) => [k, serialize(v)]);
    const b = Object.entries(makeDemo()).map(([k, v]) => [k, serialize(v)]);
    expect(a.length).toBe(21);
    expect(a).toEqual(b);
  });

  it('writes byte-identical files from two script runs, matching fixtures/demo', () => {
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'terrier-demo-')));
    try {
      for (const d of dirs) execFileSync(tsx, [join(root, 'scripts', 'make-demo.ts'), d], { stdio: 'pipe' });
      for (const [rel, doc] of Object.entries(files)) {
        const [one, two] = dirs.map((d) => readFileSync(join(d, rel), 'utf8'));
        expect(one, rel).toBe(two);
        expect(one, rel).toBe(serialize(doc));
        const committed = join(root, 'fixtures', 'demo', rel);
        if (existsSync(committed)) expect(readFileSync(committed, 'utf8'), `${rel} is stale: run npm run demo`).toBe(one);
      }
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);

  it('serialises one feature per line, as valid JSON', () => {
    const text = serialize(files['cadastre/cadastre-96001-parcelles.json']!);
    expect(JSON.parse(text)).toEqual(files['cadastre/cadastre-96001-parcelles.json']);
    expect(text.split('\n').length).toBe(parcelles.length + 3);
  });
});

describe('make-demo: every file', () => {
  it('is a fictional Lambert-93 FeatureCollection with multi-geometries rounded to the centimetre', () => {
    for (const [rel, doc] of Object.entries(files)) {
      expect(doc.type, rel).toBe('FeatureCollection');
      expect(doc.fictional, rel).toBe(true);
      expect(doc.note, rel).toBe('Données fictives générées par scripts/make-demo.ts — commune fictive, aucune valeur réglementaire');
      expect(doc.crs, rel).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } });
      for (const f of doc.features) {
        if (!f.geometry) continue;
        expect(['MultiPolygon', 'MultiLineString', 'MultiPoint'], rel).toContain(f.geometry.type);
        for (const n of (f.geometry.coordinates as number[]).flat(3) as number[]) expect(Math.round(n * 100) / 100).toBe(n);
        const [x0, y0, x1, y1] = box(f.geometry);
        expect(x0 > 690_000 && x1 < 710_000 && y0 > 6_590_000 && y1 < 6_610_000, rel).toBe(true);
      }
    }
  });

  it('has only valid polygons: closed rings, no repeated vertex, no self-intersection, RFC 7946 winding', () => {
    let rings = 0;
    for (const [rel, doc] of Object.entries(files))
      for (const f of doc.features.filter((g) => g.geometry?.type === 'MultiPolygon'))
        for (const poly of f.geometry!.coordinates as number[][][][])
          poly.forEach((ring, k) => {
            const where = `${rel} ${JSON.stringify(f.properties).slice(0, 60)}`;
            expect(ring.length, where).toBeGreaterThanOrEqual(4);
            expect(ring[0], where).toEqual(ring[ring.length - 1]);
            expect(new Set(ring.slice(0, -1).map(String)).size, where).toBe(ring.length - 1);
            expect(kinks(polygon([ring])).features, where).toEqual([]);
            expect(Math.sign(ringArea(ring)), where).toBe(k === 0 ? 1 : -1);
            rings++;
          });
    expect(rings).toBeGreaterThan(parcelles.length);
  });
});

describe('make-demo: cadastre', () => {
  it('has one irregular commune boundary', () => {
    expect(commune.properties).toEqual({ id: '96001', nom: 'Terrier-sur-Lande (commune fictive)' });
    const ring = geom(commune).coordinates[0][0] as number[][];
    expect(ring.length - 1).toBeGreaterThanOrEqual(20);
    expect(ring.length - 1).toBeLessThanOrEqual(40);
    expect(area(geom(commune))).toBeGreaterThan(3_500_000);
  });

  it('has 4 to 6 sections with Etalab ids, partitioning the commune', () => {
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(sections.length).toBeLessThanOrEqual(6);
    for (const s of sections) {
      const { id, commune: insee, prefixe, code } = s.properties;
      expect([insee, prefixe]).toEqual(['96001', '000']);
      expect(id).toBe(`96001000${code.padStart(2, '0')}`);
      expect(s.id).toBe(id);
      expect(overlap(geom(s), geom(commune))).toBeCloseTo(area(geom(s)), 1);
    }
    expect(sections.map((s) => s.properties.id)).toContain('960010000A');
    expect(sections.reduce((t, s) => t + area(geom(s)), 0)).toBeCloseTo(area(geom(commune)), 1);
    for (const [k, a] of sections.entries()) for (const b of sections.slice(k + 1)) expect(overlap(geom(a), geom(b))).toBeLessThan(0.01);
  });

  it('has 300 to 600 parcels with Etalab fields and ids', () => {
    expect(parcelles.length).toBeGreaterThanOrEqual(300);
    expect(parcelles.length).toBeLessThanOrEqual(600);
    const ids = new Set<string>();
    for (const p of parcelles) {
      const { id, commune: insee, prefixe, section, numero, contenance, arpente, created, updated } = p.properties;
      expect(id).toMatch(/^96001000[0-9A-Z]{2}[0-9]{4}$/);
      expect(id).toBe(`96001000${section.padStart(2, '0')}${numero.padStart(4, '0')}`);
      expect(p.id).toBe(id);
      expect(section).toMatch(/^[A-Z]{1,2}$/);
      expect(numero).toMatch(/^[1-9][0-9]*$/);
      expect([insee, prefixe, arpente]).toEqual(['96001', '000', false]);
      expect(created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(updated > created).toBe(true);
      if (contenance !== undefined) {
        expect(Number.isInteger(contenance)).toBe(true);
        expect(Math.abs(contenance / area(geom(p)) - 1)).toBeLessThan(0.05);
      }
      ids.add(id);
    }
    expect(ids.size).toBe(parcelles.length);
    expect(parcelles.filter((p) => !('contenance' in p.properties))).toHaveLength(1);
  });

  it('has small parcels in the village and 1–5 ha fields outside', () => {
    const sizes = (kind: string) => demo.parcels.filter((p) => demo.blocks[p.block]!.kind === kind).map((p) => ringArea(p.ring));
    const dense = sizes('dense'), rural = sizes('rural');
    expect(dense.length).toBeGreaterThan(50);
    for (const a of dense) expect(a >= 300 && a <= 1500, `${a}`).toBe(true);
    expect(rural.length).toBeGreaterThan(50);
    for (const a of rural) expect(a >= 10_000 && a <= 50_000, `${a}`).toBe(true);
  });

  it('has no two parcels overlapping by more than 0.01 m²', () => {
    const boxes = parcelles.map((p) => box(geom(p)));
    let pairs = 0;
    for (let a = 0; a < parcelles.length; a++)
      for (let b = a + 1; b < parcelles.length; b++)
        if (meet(boxes[a]!, boxes[b]!)) {
          pairs++;
          expect(overlap(geom(parcelles[a]!), geom(parcelles[b]!)), `${parcelles[a]!.id} × ${parcelles[b]!.id}`).toBeLessThan(0.01);
        }
    expect(pairs).toBeGreaterThan(parcelles.length); // neighbours were actually compared
  });

  it('tiles each block with its parcels (streets are gaps between blocks)', () => {
    const segDist = (p: number[], a: Pt, b: Pt) => {
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const t = Math.max(0, Math.min(1, ((p[0]! - a[0]) * dx + (p[1]! - a[1]) * dy) / (dx * dx + dy * dy)));
      return Math.hypot(p[0]! - a[0] - t * dx, p[1]! - a[1] - t * dy);
    };
    demo.blocks.forEach((block, k) => {
      const inside = demo.parcels.filter((p) => p.block === k);
      // Shared edges cancel exactly: what is left is one ring, without holes, made of the
      // block corners and of cut points lying on the block edges (rounded to the centimetre).
      const outline = dissolve(inside.map((p) => p.ring));
      expect(outline.length).toBe(1);
      expect(outline[0]!.length).toBe(1);
      for (const corner of block.ring) expect(outline[0]![0]).toContainEqual(corner);
      for (const v of outline[0]![0]!)
        expect(Math.min(...block.ring.map((a, e) => segDist(v, a, block.ring[(e + 1) % 4]!)))).toBeLessThan(0.01);
      const sum = inside.reduce((t, p) => t + ringArea(p.ring), 0);
      expect(sum).toBeCloseTo(ringArea(outline[0]![0]!), 4);
      expect(Math.abs(sum - ringArea(block.ring)) / ringArea(block.ring)).toBeLessThan(1e-4);
    });
    const rings = demo.blocks.map((b) => ({ type: 'MultiPolygon', coordinates: [[[...b.ring, b.ring[0]!]]] }));
    for (const [k, a] of rings.entries()) for (const b of rings.slice(k + 1)) if (meet(box(a), box(b))) expect(overlap(a, b)).toBe(0);
  });

  it('keeps each parcel fully inside its section', () => {
    const sectionOf = new Map(sections.map((s) => [s.properties.code, s]));
    for (const p of parcelles) {
      const s = sectionOf.get(p.properties.section)!;
      expect(area(geom(p)) - overlap(geom(p), geom(s)), p.id).toBeLessThan(0.01);
    }
  });
});

describe('make-demo: PLU', () => {
  it('has the DOC_URBA record', () => {
    expect(feats('plu/96001_DOC_URBA.json').map((f) => [f.geometry, f.properties])).toEqual([[null, {
      idurba: '96001_PLU_20240115', typedoc: 'PLU', etat: '03', nomproc: 'E', datappro: '20240115', datefin: null, siren: null,
      nomreg: '96001_reglement_20240115.pdf', urlreg: null, nomplan: null, urlplan: null, siteweb: null, typeref: '01', dateref: '2023',
    }]]);
  });

  it('has 10–15 zones of every type, partitioning the commune', () => {
    expect(zones.length).toBeGreaterThanOrEqual(10);
    expect(zones.length).toBeLessThanOrEqual(15);
    expect(new Set(zones.map((z) => z.properties.typezone))).toEqual(new Set(['U', 'AUc', 'AUs', 'A', 'N']));
    for (const z of zones) {
      expect(Object.keys(z.properties)).toEqual(['idurba', 'lib_idzone', 'libelle', 'libelong', 'typezone', 'destdomi', 'formdomi', 'destoui',
        'destcdt', 'destnon', 'nomfic', 'urlfic', 'insee', 'datappro', 'datvalid', 'symbole']);
      expect(['00', '01', '02', '03', '04', '05', '07', '08']).toContain(z.properties.destdomi);
      expect(z.properties.symbole).toMatch(/^ZONE_(U|AUc|AUs|A|N)_\d{3}$/);
      expect(overlap(geom(z), geom(commune))).toBeCloseTo(area(geom(z)), 1);
    }
    expect(zones.reduce((t, z) => t + area(geom(z)), 0)).toBeCloseTo(area(geom(commune)), 1);
    for (const [k, a] of zones.entries())
      for (const b of zones.slice(k + 1)) if (meet(box(geom(a)), box(geom(b)))) expect(overlap(geom(a), geom(b))).toBeLessThan(0.01);
  });

  it('has at least 10 parcels straddling a zone border', () => {
    expect(straddling.length).toBeGreaterThanOrEqual(10);
  });

  it('has prescriptions and informations with the CNIG codes', () => {
    const codes = (file: string, t: string, s: string) => feats(file).map((f) => `${f.properties[t]}-${f.properties[s]}`);
    expect(codes('plu/96001_PRESCRIPTION_SURF.json', 'typepsc', 'stypepsc')).toEqual(expect.arrayContaining(['01-00', '05-01', '18-00']));
    expect(codes('plu/96001_PRESCRIPTION_LIN.json', 'typepsc', 'stypepsc')).toEqual(expect.arrayContaining(['22-00', '07-01']));
    expect(codes('plu/96001_PRESCRIPTION_PCT.json', 'typepsc', 'stypepsc')).toEqual(expect.arrayContaining(['07-01', '07-02']));
    expect(codes('plu/96001_INFO_SURF.json', 'typeinf', 'stypeinf')).toEqual(expect.arrayContaining(['04-00', '16-00']));
    expect(codes('plu/96001_INFO_LIN.json', 'typeinf', 'stypeinf')).toEqual(['14-00']);
    const er = feats('plu/96001_PRESCRIPTION_SURF.json').find((f) => f.properties.txt === 'ER 1')!;
    expect(er.properties.libelle).toBe('Emplacement réservé n°1 : élargissement de voie');
    for (const kind of ['SURF', 'LIN', 'PCT']) {
      for (const f of feats(`plu/96001_PRESCRIPTION_${kind}.json`))
        expect(Object.keys(f.properties)).toEqual(['idurba', 'lib_idpsc', 'libelle', 'txt', 'typepsc', 'stypepsc', 'nature', 'nomfic', 'urlfic', 'insee', 'datvalid', 'symbole']);
      for (const f of feats(`plu/96001_INFO_${kind}.json`))
        expect(Object.keys(f.properties)).toEqual(['idurba', 'lib_idinfo', 'libelle', 'txt', 'typeinf', 'stypeinf', 'nomfic', 'urlfic', 'insee', 'datvalid', 'symbole']);
    }
  });
});

describe('make-demo: SUP', () => {
  const servitudes = feats('sup/SERVITUDE.json');
  const generateurs = ['S', 'L', 'P'].flatMap((k) => feats(`sup/GENERATEUR_SUP_${k}.json`));
  const allAssiettes = ['S', 'L', 'P'].flatMap((k) => feats(`sup/ASSIETTE_SUP_${k}.json`));

  it('links gestionnaires, servitudes, actes, générateurs and assiettes', () => {
    const gest = new Set(feats('sup/GESTIONNAIRE_SUP.json').map((g) => g.properties.idgest));
    for (const g of feats('sup/GESTIONNAIRE_SUP.json')) {
      expect(g.properties.idgest).toMatch(/^\d{9}$/);
      expect(g.properties.courriel).toMatch(/@exemple\.invalid$/);
    }
    const idsups = new Set(servitudes.map((s) => s.properties.idsup));
    for (const s of servitudes) expect(gest.has(s.properties.idgest)).toBe(true);
    expect(new Set(servitudes.map((s) => s.properties.categorie))).toEqual(new Set(['AC1', 'PM1', 'I4', 'INT1', 'EL7']));
    const actes = new Set(feats('sup/ACTE_SUP.json').map((a) => a.properties.idacte));
    for (const l of feats('sup/SERVITUDE_ACTE_SUP.json')) expect(idsups.has(l.properties.idsup) && actes.has(l.properties.idacte)).toBe(true);
    const idgens = new Map(generateurs.map((g) => [g.properties.idgen, g]));
    for (const g of generateurs) expect(idsups.has(g.properties.idsup)).toBe(true);
    for (const a of allAssiettes) {
      const gen = idgens.get(a.properties.idgen)!;
      expect(a.properties.categorie).toBe(gen.properties.categorie);
      expect(a.properties.suptype).toBe(a.properties.categorie.toLowerCase());
    }
    for (const f of [...servitudes, ...feats('sup/ACTE_SUP.json'), ...feats('sup/GESTIONNAIRE_SUP.json')]) expect(f.geometry).toBeNull();
  });

  it('has the AC1 monument with its 500 m perimeter', () => {
    const gen = generateurs.find((g) => g.properties.categorie === 'AC1')!;
    expect(gen.properties.type).toBe('Inscrit');
    const [cx, cy] = geom(gen).coordinates[0];
    const [ass] = byCat('AC1');
    expect(ass!.properties).toMatchObject({ typeass: 'Périmètre des abords', modegeoass: 'Zone tampon', paramcalc: '500' });
    const ring = geom(ass!).coordinates[0][0] as number[][];
    expect(ring.length - 1).toBeGreaterThanOrEqual(64);
    for (const [x, y] of ring) expect(Math.hypot(x! - cx, y! - cy)).toBeCloseTo(500, 1);
  });

  it('puts at least 5 parcels in both the AC1 perimeter and the PM1 zone', () => {
    const ac1 = new Set(parcelsIn(geom(byCat('AC1')[0]!)).map((p) => p.id));
    expect(byCat('PM1').map((a) => a.properties.typeass)).toEqual(['Zone rouge', 'Zone bleue']);
    const pm1 = new Set(byCat('PM1').flatMap((a) => parcelsIn(geom(a))).map((p) => p.id));
    expect([...ac1].filter((id) => pm1.has(id)).length).toBeGreaterThanOrEqual(5);
  });

  it('has the I4 63 kV line and parcels under its corridor', () => {
    const gen = generateurs.find((g) => g.properties.categorie === 'I4')!;
    expect(gen.geometry!.type).toBe('MultiLineString');
    expect(gen.properties).toMatchObject({ tension: '63 kV', type: 'Aérien' });
    const [corridor] = byCat('I4');
    expect(corridor!.properties.paramcalc).toBe('30');
    expect(parcelsIn(geom(corridor!)).length).toBeGreaterThanOrEqual(5);
  });

  it('has the INT1 cemetery and the EL7 alignment', () => {
    expect(generateurs.find((g) => g.properties.categorie === 'INT1')!.geometry!.type).toBe('MultiPolygon');
    expect(byCat('INT1')[0]!.properties.paramcalc).toBe('100');
    expect(feats('sup/ASSIETTE_SUP_L.json').find((a) => a.properties.categorie === 'EL7')!.geometry!.type).toBe('MultiLineString');
  });

  it('holds the counts the README and the docs cite (451 parcels, 5 sections, 15 zones, 5 servitudes…)', () => {
    const count = (xs: string[]) => Object.fromEntries([...new Set(xs)].map((x) => [x, xs.filter((y) => y === x).length]));
    const ac1 = new Set(parcelsIn(geom(byCat('AC1')[0]!)).map((p) => p.id));
    const pm1 = new Set(byCat('PM1').flatMap((a) => parcelsIn(geom(a))).map((p) => p.id));
    expect({
      parcelles: parcelles.length, sections: sections.length, zones: count(zones.map((z) => z.properties.typezone)),
      prescriptions: ['SURF', 'LIN', 'PCT'].map((k) => feats(`plu/96001_PRESCRIPTION_${k}.json`).length),
      infos: ['SURF', 'LIN', 'PCT'].map((k) => feats(`plu/96001_INFO_${k}.json`).length),
      servitudes: count(servitudes.map((s) => s.properties.categorie)), assiettes: count(allAssiettes.map((a) => a.properties.categorie)),
      ac1_and_pm1: [...ac1].filter((id) => pm1.has(id)).length, straddling: straddling.length,
      i4: parcelsIn(geom(byCat('I4')[0]!)).length,
    }).toEqual({
      parcelles: 451, sections: 5, zones: { U: 4, AUc: 1, AUs: 1, A: 4, N: 5 }, prescriptions: [5, 2, 3], infos: [2, 1, 1],
      servitudes: { AC1: 1, PM1: 1, I4: 1, INT1: 1, EL7: 1 }, assiettes: { AC1: 1, PM1: 2, I4: 2, INT1: 1, EL7: 1 },
      ac1_and_pm1: 74, straddling: 25, i4: 24,
    });
  });
});
