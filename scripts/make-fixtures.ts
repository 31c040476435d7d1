// Cuts the small extracts of real open data that the tests use (fixtures/real) from the full data
// folder (the one `npm run test:data` reads). Every extract keeps the relative path of its source, so a
// test names a file once and reads it from either place. What is kept, and why, is in fixtures/SOURCES.md.
//
//   npx tsx scripts/make-fixtures.ts <data folder> [output folder, default fixtures/real]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bboxOf, centre, contains, copy, cutDbf, cutShapefile, grow, meets, readJson, shpBboxes, shpRows, writeFeatures, writeRecords,
  type Bbox, type Feature, type FeatureCollection,
} from './fixture-cut.ts';

const [from, to = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/real')] = process.argv.slice(2);
if (!from || !fs.existsSync(path.join(from, 'cadastre'))) {
  console.error('usage: npx tsx scripts/make-fixtures.ts <data folder holding cadastre/, plu/, sup/, apicarto/> [output folder]');
  process.exit(2);
}
const src = (...p: string[]) => path.join(from, ...p);
const dst = (...p: string[]) => path.join(to, ...p);
const summary: string[] = [];
const note = (rel: string, kept: number, of: number) => summary.push(`${rel}: ${kept} of ${of}`);

/** Keeps the features of a GeoJSON file that `keep` accepts; returns the 0-based indexes kept. */
function cutGeoJson(rel: string, keep: (f: Feature, i: number) => boolean): number[] {
  const fc = readJson<FeatureCollection>(src(rel));
  const idx = fc.features.flatMap((f, i) => (keep(f, i) ? [i] : []));
  writeFeatures(dst(rel), fc, idx.map((i) => fc.features[i]!));
  note(rel, idx.length, fc.features.length);
  return idx;
}
function cutRecords(rel: string, keep: (r: any) => boolean): void {
  const rows = readJson<unknown[]>(src(rel));
  note(rel, writeRecords(dst(rel), rows.filter(keep)), rows.length);
}
function cutShp(relStem: string, keep: (row: Record<string, string>, bbox: Bbox | null, i: number) => boolean): number[] {
  const rows = shpRows(src(relStem));
  const boxes = shpBboxes(src(`${relStem}.shp`));
  const idx = rows.flatMap((r, i) => (keep(r, boxes[i]!, i) ? [i] : []));
  cutShapefile(src(relStem), dst(relStem), idx);
  note(`${relStem}.shp`, idx.length, rows.length);
  return idx;
}
const copied = (rel: string) => { copy(src(rel), dst(rel)); summary.push(`${rel}: whole`); };
const inWindow = (w: Bbox) => (f: Feature) => contains(w, centre(bboxOf(f.geometry)));

fs.rmSync(to, { recursive: true, force: true });

// --- Cadastre. Épinay-sur-Orge 91216: section AB (AB 37), AD 97 (the one parcel of another section that
// borders AB over more than a point), and the parcels whose centre lies in a window west of AB, which
// holds the parcel without contenance (AC 389).
{
  const w91216: Bbox = [2.3183, 48.678, 2.323, 48.681];
  cutGeoJson('cadastre/etalab/cadastre-91216-parcelles.json',
    (f) => f.properties.section === 'AB' || f.id === '91216000AD0097' || inWindow(w91216)(f));
  copied('cadastre/etalab/SOURCE.md');
}
// EDIGEO raw: two of Luxiol's feuilles, byte for byte (a bzip2 archive cannot be cut): AB01 and ZD01,
// the two smallest (46 kB together), so that edigeo.test.ts proves the reader on real archives.
for (const f of ['edigeo-25354000AB01.tar.bz2', 'edigeo-25354000ZD01.tar.bz2']) copied(`cadastre/edigeo-raw/25354/${f}`);
copied('cadastre/edigeo-raw/SOURCE.md');
// EDIGEO converted: Paris 3e whole (one feuille, 50 parcels); Luxiol and Cornillon-Confoux a window of
// their villages (Luxiol's in feuille AK). Layers other than parcels and buildings are kept where they meet the window.
{
  const dir = 'cadastre/edigeo-converted';
  const layers = ['parcelles', 'batiments', 'sections', 'feuilles', 'lieux_dits', 'communes'];
  const paris = '75103_paris-3e_1-feuille';
  for (const l of layers) copied(`${dir}/${paris}/cadastre-75103-${l}.json`);
  const windows: [string, string, Bbox][] = [
    ['25354_luxiol_8-feuilles', '25354', [6.3482, 47.3805, 6.3502, 47.3822]],
    ['13029_cornillon-confoux_1-feuille', '13029', [5.06, 43.5733, 5.064, 43.5763]],
  ];
  for (const [folder, insee, w] of windows) {
    for (const l of layers) {
      const rel = `${dir}/${folder}/cadastre-${insee}-${l}.json`;
      if (l === 'parcelles' || l === 'batiments' || l === 'lieux_dits') cutGeoJson(rel, inWindow(w));
      else cutGeoJson(rel, (f) => meets(w, bboxOf(f.geometry)));
    }
  }
  copied(`${dir}/SOURCE.md`);
}

// --- PLU. Arpaillargues 30014 (CNIG 2017): the objects around the village and its two STECAL, in both
// forms of the delivery (shapefiles and GeoJSON, same objects, same order). Zones and lines are kept when
// they meet the window (so that every prescription kept lies in zones), the other layers when their centre
// is in it.
{
  const dir = 'plu/30014_arpaillargues-et-aureillac';
  const w: Bbox = [810200, 6322600, 811200, 6323400];
  for (const t of ['ZONE_URBA', 'PRESCRIPTION_SURF', 'PRESCRIPTION_LIN', 'PRESCRIPTION_PCT', 'INFO_SURF', 'INFO_PCT']) {
    const crossing = t === 'ZONE_URBA' || t === 'PRESCRIPTION_LIN';
    // Ucp is kept too: the zone whose long name (cp1252) the tests read.
    const idx = cutShp(`${dir}/original/Donnees_geographiques/30014_${t}_20171013`,
      (r, b) => !!b && ((crossing ? meets(w, b) : contains(w, centre(b))) || (t === 'ZONE_URBA' && r.LIBELLE === 'Ucp')));
    const keep = new Set(idx);
    cutGeoJson(`${dir}/${t.toLowerCase()}.geojson`, (_f, i) => keep.has(i));
  }
  for (const f of ['30014_DOC_URBA_20171013.DBF', '30014_DOC_URBA_COM_20171013.DBF', 'fr-000030014-plu20171013.xml']) copied(`${dir}/original/${f}`);
}
// Pezou 41175 (CNIG 2014): zones around the hamlets classed Nh, the prescriptions whole (small).
{
  const dir = 'plu/41175_pezou';
  const w: Bbox = [562200, 6754400, 563700, 6756000];
  const idx = new Set(cutShp(`${dir}/original/Donnees_geographiques/ZONE_URBA`, (_r, b) => !!b && meets(w, b)));
  cutGeoJson(`${dir}/zone_urba.geojson`, (_f, i) => idx.has(i));
  for (const t of ['PRESCRIPTION_SURF', 'PRESCRIPTION_LIN', 'PRESCRIPTION_PCT']) {
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'qpj']) copied(`${dir}/original/Donnees_geographiques/${t}.${ext}`);
    copied(`${dir}/${t.toLowerCase()}.geojson`);
  }
  for (const f of ['DOC_URBA.dbf', 'DOC_URBA_COM.dbf', 'fr-000041175-plu20140603.xml']) copied(`${dir}/original/${f}`);
}
// Areines 41003: whole (36 zones, one invalid on purpose).
copied('plu/41003_areines/zone_urba.geojson');
// Portes du Berry PLUi 200011781: the first 12 zones and the three invalid on purpose (#30, #45, #64).
cutGeoJson('plu/plui_200011781_cc-portes-du-berry/zone_urba.geojson', (_f, i) => i < 12 || [29, 44, 63].includes(i));
// Trois Provinces PLUi 241800432: around zone #199 (UA of Sancoins, invalid on purpose) in every table.
{
  const dir = 'plu/plui_241800432_cc-les-trois-provinces/original/Donnees_geographiques';
  const ua = shpBboxes(src(`${dir}/241800432_ZONE_URBA_20200128.shp`))[198]!;
  const w = grow(ua, -400);
  for (const t of ['ZONE_URBA', 'PRESCRIPTION_SURF', 'PRESCRIPTION_LIN', 'PRESCRIPTION_PCT']) {
    cutShp(`${dir}/241800432_${t}_20200128`, (_r, b, i) => (t === 'ZONE_URBA' && i === 198) || (!!b && contains(w, centre(b))));
  }
}
copied('plu/SOURCE.md');

// --- SUP. AC1 Corse-du-Sud: the 21 monuments of Bonifacio (2A041, with the two servitudes the delivery
// repeats), their assiettes, servitudes and actes, in both forms of the delivery.
{
  const dir = 'sup/ac1_2a_corse-du-sud';
  const o = `${dir}/original`;
  const gens = shpRows(src(`${o}/AC1_GENERATEUR_SUP_S`));
  const idgen = new Set(gens.filter((g) => g.ADRESSE!.startsWith('2A041|')).map((g) => g.IDGEN!));
  const idsup = new Set(gens.filter((g) => idgen.has(g.IDGEN!)).map((g) => g.IDSUP!));
  const links = shpRows(src(`${o}/AC1_SERVITUDE_ACTE_SUP`)).filter((r) => idsup.has(r.IDSUP!));
  const idacte = new Set(links.map((r) => r.IDACTE!));
  cutShp(`${o}/AC1_GENERATEUR_SUP_S`, (r) => idgen.has(r.IDGEN!));
  cutShp(`${o}/AC1_ASSIETTE_SUP_S`, (r) => idgen.has(r.IDGEN!));
  for (const [t, keep] of [['SERVITUDE', (r: Record<string, string>) => idsup.has(r.IDSUP!)], ['SERVITUDE_ACTE_SUP', (r: Record<string, string>) => idsup.has(r.IDSUP!)],
    ['ACTE_SUP', (r: Record<string, string>) => idacte.has(r.IDACTE!)]] as const) {
    const all = shpRows(src(`${o}/AC1_${t}`)).length;
    note(`${o}/AC1_${t}.dbf`, cutDbf(src(`${o}/AC1_${t}.dbf`), dst(`${o}/AC1_${t}.dbf`), keep).length, all);
  }
  copied(`${o}/AC1_GESTIONNAIRE_SUP.dbf`);
  copied(`${o}/SUP-AC1-2A-172014607-20180130.xml`);
  cutGeoJson(`${dir}/generateur_sup_s.geojson`, (f) => idgen.has(f.properties.idgen));
  cutGeoJson(`${dir}/assiette_sup_s.geojson`, (f) => idgen.has(f.properties.idgen));
  cutRecords(`${dir}/servitude.json`, (r) => idsup.has(r.idsup));
  cutRecords(`${dir}/servitude_acte_sup.json`, (r) => idsup.has(r.idsup));
  cutRecords(`${dir}/acte_sup.json`, (r) => idacte.has(r.idacte));
  copied(`${dir}/gestionnaire_sup.json`);
}
// The small deliveries, whole.
for (const d of ['pm3_28_eure-et-loir', 'int1_83044_comps-sur-artuby', 'a5_088_vosges_FICTIONAL_GESTIONNAIRE']) copied(`sup/${d}/original`);
// EL10 parcs nationaux: the Écrins alone (the smallest of the seven, 114 kB).
cutGeoJson('sup/el10_fr_parcs-nationaux/assiette_sup_s.geojson', (f) => f.properties.nomass === 'EL10_Ecrins_ass');
copied('sup/SOURCE.md');

// --- API Carto: the recorded responses whose property names the tests compare with.
// One answer of each route Terrier serves (property names, order and types; an empty one's envelope).
for (const f of ['api__gpu__document-1bc3c9-POST.json', 'api__gpu__municipality-6b88d0-POST.json', 'api__gpu__generateur-sup-l-9bf712-POST.json',
  'api__cadastre__parcelle-025b38-POST.json', 'api__cadastre__parcelle-1e11fe-POST.json', 'api__cadastre__commune-3e9c11-POST.json',
  'api__cadastre__division-5d28a9-POST.json', 'api__cadastre__feuille-888b40-POST.json', 'api__cadastre__localisant-ec5c6a-POST.json']) {
  copied(`apicarto/recorded-responses/${f}`);
}
copied('apicarto/SOURCE.md');

let bytes = 0;
for (const f of fs.readdirSync(to, { recursive: true, encoding: 'utf8' })) {
  const s = fs.statSync(path.join(to, f));
  if (s.isFile()) bytes += s.size;
}
console.log(summary.join('\n'));
console.log(`${to}: ${(bytes / 1024).toFixed(0)} kB`);
