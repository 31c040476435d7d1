// The readers and naming rules, without a database: streaming JSON, CRS recognition, table names,
// partitions and idurba.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cadastreLayer } from './cadastre.ts';
import { crsFromGeoJson, crsFromWkt, implausible, WGS84 } from './crs.ts';
import { readJsonItems } from './geojson.ts';
import { geometryShape } from './pipeline.ts';
import { deriveIdurba, parseIdurba, partitionOf as pluPartition, PLU_TABLES } from './plu.ts';
import { canonCategory, partitionOf, readDeliveryName } from './sup.ts';
import { tableOf } from './tables.ts';
import { real } from './test-helpers.ts';

const chunks = (text: string, size: number) => Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size))));
async function items(text: string, size = 7) {
  const header: Record<string, unknown> = {};
  const out: unknown[] = [];
  for await (const x of readJsonItems(chunks(text, size), header)) out.push(x);
  return { header, out };
}

describe('streaming GeoJSON reader', () => {
  const fc = '{"type":"FeatureCollection","name":"x {[\\"]}","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},'
    + '"features":[{"type":"Feature","properties":{"s":"a]}\\\\"},"geometry":null},\n{"type":"Feature","properties":{"n":-1.5e3},"geometry":{"type":"Point","coordinates":[1,2]}}],"bbox":[1,2,3,4]}';

  it('yields every feature and the header members, whatever the chunk boundaries (strings with brackets, escapes)', async () => {
    for (const size of [1, 3, 7, 64, 1 << 20]) {
      const { header, out } = await items(fc, size);
      expect(out).toEqual(JSON.parse(fc).features);
      expect(header).toMatchObject({ type: 'FeatureCollection', name: 'x {["]}', bbox: [1, 2, 3, 4] });
      expect(crsFromGeoJson(header.crs)?.srid).toBe(2154);
    }
  });

  it('reads a top-level array of records (tables published as JSON arrays)', async () => {
    expect((await items('\ufeff[ {"idsup": 35}, {"idsup":"A"} ]')).out).toEqual([{ idsup: 35 }, { idsup: 'A' }]);
  });

  it('a truncated file is an error saying where it stops', async () => {
    await expect(items(fc.slice(0, fc.indexOf('\n') + 20))).rejects.toThrow(/ends unexpectedly inside the "features" array after 1 complete items/);
  });

  it('a file that is not JSON, or not a FeatureCollection, is an error', async () => {
    await expect(items('PK\u0003\u0004...')).rejects.toThrow(/is not JSON/);
    await expect(items('{"type":"Topology","objects":{}}')).rejects.toThrow(/no "features" array/);
    await expect(items('{"type":"FeatureCollection","features":[{"a":1,}]}')).rejects.toThrow(/invalid JSON in item #1/);
  });
});

describe('coordinate systems', () => {
  it('every .prj of the real PLU and SUP extracts is recognised as Lambert-93 (all of the full data: plu.data.test.ts)', () => {
    const prjs = ['plu', 'sup'].flatMap((k) => fs.readdirSync(real(k), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.prj$/i.test(f)).map((f) => real(k, f)));
    expect(prjs.length).toBeGreaterThan(15);
    for (const f of prjs) expect(crsFromWkt(fs.readFileSync(f, 'latin1'))?.srid, f).toBe(2154);
  });

  it('CC zones, WGS 84 and OGC WKT with an EPSG authority are recognised; other systems are not', () => {
    const cc46 = 'PROJCS["RGF93_CC46",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
      + 'PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",1700000.0],PARAMETER["False_Northing",5200000.0],PARAMETER["Central_Meridian",3.0],'
      + 'PARAMETER["Standard_Parallel_1",45.25],PARAMETER["Standard_Parallel_2",46.75],PARAMETER["Latitude_Of_Origin",46.0],UNIT["Meter",1.0]]';
    expect(crsFromWkt(cc46)?.srid).toBe(3946);
    expect(crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')?.srid).toBe(4326);
    expect(crsFromWkt('PROJCS["whatever",GEOGCS["x",DATUM["y",SPHEROID["z",1,2]]],AUTHORITY["EPSG","2154"]]')?.srid).toBe(2154);
    expect(crsFromWkt('PROJCS["NTF_Lambert_II_etendu",GEOGCS["GCS_NTF",DATUM["D_NTF",SPHEROID["Clarke_1880_IGN",6378249.2,293.46602]]],PROJECTION["Lambert_Conformal_Conic"],'
      + 'PARAMETER["False_Easting",600000.0],PARAMETER["False_Northing",2200000.0],PARAMETER["Central_Meridian",2.337229166666667],PARAMETER["Standard_Parallel_1",45.89891888888889],'
      + 'PARAMETER["Standard_Parallel_2",47.69601444444444],PARAMETER["Latitude_Of_Origin",46.8]]')).toBeNull();
    expect(crsFromWkt('not wkt at all')).toBeNull();
  });

  it('GeoJSON crs members: absent means WGS 84, EPSG names in any form, unknown codes refused', () => {
    expect(crsFromGeoJson(undefined)).toBe(WGS84);
    expect(crsFromGeoJson({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })?.srid).toBe(4326);
    expect(crsFromGeoJson({ type: 'name', properties: { name: 'EPSG:3948' } })?.srid).toBe(3948);
    expect(crsFromGeoJson({ type: 'name', properties: { name: 'http://www.opengis.net/def/crs/EPSG/0/2154' } })?.srid).toBe(2154);
    expect(crsFromGeoJson({ type: 'EPSG', properties: { code: 2154 } })?.srid).toBe(2154);
    expect(crsFromGeoJson({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } })).toBeNull();
  });

  it('metres read as degrees (a Lambert-93 GeoJSON without crs member) are caught', () => {
    expect(implausible(WGS84, 652000, 6862000)).toMatch(/not degrees/);
    expect(implausible(crsFromGeoJson({ type: 'EPSG', properties: { code: 2154 } })!, 2.35, 48.85)).toMatch(/look like degrees/);
    expect(implausible(WGS84, 2.35, 48.85)).toBeNull();
  });
});

describe('geometry shapes checked before the database', () => {
  it('counts positions, notes open rings, refuses what cannot be parsed', () => {
    expect(geometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toEqual({ positions: 4, openRings: 0 });
    expect(geometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toEqual({ positions: 4, openRings: 1 });
    expect(geometryShape({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toBe('a polygon ring with fewer than 4 positions');
    expect(geometryShape({ type: 'LineString', coordinates: [[0, 0]] })).toBe('a line with fewer than 2 positions');
    expect(geometryShape({ type: 'Point', coordinates: ['1', 2] })).toBe('malformed Point coordinates');
    expect(geometryShape({ type: 'Polygone', coordinates: [] })).toBe('unknown geometry type "Polygone"');
    expect(geometryShape(null)).toBe('no geometry');
  });
});

describe('names', () => {
  it('cadastre layers by Etalab file name', () => {
    expect(cadastreLayer('cadastre-91216-parcelles.json.gz')).toBe('parcelles');
    expect(cadastreLayer('cadastre-2A-batiments.json')).toBe('batiments');
    expect(cadastreLayer('cadastre-25354-lieux_dits.json')).toBe('other');
    expect(cadastreLayer('README.md')).toBeNull();
  });

  it('CNIG tables by file name, 2014 and 2017 naming, with the SUP category prefix', () => {
    expect(tableOf('30014_ZONE_URBA_20171013.shp', PLU_TABLES)).toEqual({ table: 'ZONE_URBA', prefix: '30014' });
    expect(tableOf('DOC_URBA_COM.dbf', PLU_TABLES)?.table).toBe('DOC_URBA_COM');
    expect(tableOf('30014_DOC_URBA_20171013.DBF', PLU_TABLES)?.table).toBe('DOC_URBA');
    expect(tableOf('prescription_surf.geojson', PLU_TABLES)?.table).toBe('PRESCRIPTION_SURF');
    expect(tableOf('commune_derived_from_zone_urba.geojson', PLU_TABLES)).toBeNull();
    const SUP = ['GESTIONNAIRE_SUP', 'SERVITUDE_ACTE_SUP', 'ACTE_SUP', 'SERVITUDE', 'ASSIETTE_SUP_S'];
    expect(tableOf('PM3_ASSIETTE_SUP_S_028.shp', SUP)).toEqual({ table: 'ASSIETTE_SUP_S', prefix: 'PM3' });
    expect(tableOf('A5_SERVITUDE_ACTE_SUP.dbf', SUP)?.table).toBe('SERVITUDE_ACTE_SUP');
    expect(tableOf('SERVITUDE_028.dbf', SUP)?.table).toBe('SERVITUDE');
  });

  it('idurba in the CNIG forms, partitions DU_<INSEE|SIREN>[_CodeDU]', () => {
    expect(parseIdurba('30014_PLU_20171013')).toEqual({ code: '30014', typedoc: 'PLU', date: '20171013', codeDu: null });
    expect(parseIdurba('4117520140603')).toEqual({ code: '41175', typedoc: null, date: '20140603', codeDu: null });
    expect(parseIdurba('241800432_PLUi_20200128_A')).toMatchObject({ code: '241800432', codeDu: 'A' });
    expect(pluPartition('241800432', 'PLUi', 'A')).toBe('DU_241800432_A');
    expect(pluPartition('13055', 'PSMV', null)).toBe('PSMV_13055');
    expect(deriveIdurba({ datappro: '20180101', insee: '18007' }, ['original', 'plui_200011781_cc-portes-du-berry'])).toBe('200011781_PLUi_20180101');
    expect(deriveIdurba({ datappro: '20130903', partition: 'DU_41003' }, ['41003_areines'])).toBe('41003_PLU_20130903');
  });

  it('SUP partitions: from the data, else [<idgest>_]SUP_<territoire>[_<CAT>] from the data and the delivery name', () => {
    expect(readDeliveryName('SUP-AC1-2A-172014607-20180130.xml')).toEqual({ idgest: '172014607', categorie: 'AC1', territoire: '2A' });
    expect(readDeliveryName('fr-110068012_SUP_PM3_28')).toEqual({ idgest: '110068012', categorie: 'PM3', territoire: '28' });
    expect(readDeliveryName('el10_fr_parcs-nationaux')).toEqual({ idgest: undefined, categorie: 'EL10', territoire: 'FR' });
    expect(readDeliveryName('original')).toBeNull();
    const base = { inData: [], names: [], idgests: [], categories: [], folder: 'sup' };
    expect(partitionOf({ ...base, inData: ['172014607_SUP_2A_AC1'] })).toBe('172014607_SUP_2A_AC1');
    expect(partitionOf({ ...base, names: ['fr-110068012_SUP_PM3_28'], idgests: ['2'], categories: ['PM3'] })).toBe('110068012_SUP_28_PM3');
    expect(partitionOf({ ...base, idgests: ['000000001', '000000002'], categories: ['AC1', 'PM1'], territoire: '96001' })).toBe('SUP_96001');
    expect(partitionOf({ ...base, idgests: ['213000896'], categories: ['INT1'] })).toBe('213000896_SUP_sup_INT1');
    expect(partitionOf({ ...base, explicit: 'X_SUP_01_AC1', inData: ['other'] })).toBe('X_SUP_01_AC1');
    expect(canonCategory('pm1bis')).toBe('PM1bis');
    expect(canonCategory('Int1')).toBe('INT1');
  });
});

it('the extracts of real data named in the tests are in the repository', () => {
  for (const p of ['cadastre/etalab/cadastre-91216-parcelles.json', 'plu/30014_arpaillargues-et-aureillac/original', 'sup/ac1_2a_corse-du-sud/original',
    'apicarto/recorded-responses/api__gpu__document-1bc3c9-POST.json']) {
    expect(fs.existsSync(real(...p.split('/'))), path.join('fixtures/real', p)).toBe(true);
  }
});
