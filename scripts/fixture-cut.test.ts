// The fixture cutter copies the records it keeps unchanged, and leaves a shapefile any reader accepts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as shapefile from 'shapefile';
import { afterAll, describe, expect, it } from 'vitest';
import { real } from '../server/import/test-helpers.ts';
import { cutShapefile, readDbf, shpBboxes } from './fixture-cut.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'terrier-fixture-cut-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('cutShapefile', () => {
  it('keeps the chosen records, in the chosen order, byte for byte, with a valid index and bounding box', async () => {
    const stem = real('plu/41175_pezou/original/Donnees_geographiques/PRESCRIPTION_PCT');
    const to = path.join(tmp, 'PRESCRIPTION_PCT');
    cutShapefile(stem, to, [3, 0]);
    const read = async (s: string) => (await shapefile.read(`${s}.shp`, `${s}.dbf`, { encoding: 'utf-8' })).features;
    const [whole, cut] = [await read(stem), await read(to)];
    expect(cut).toEqual([whole[3], whole[0]]);
    const [src, dst] = [readDbf(`${stem}.dbf`), readDbf(`${to}.dbf`)];
    expect(dst.records.map((r) => r.toString('hex'))).toEqual([src.records[3]!, src.records[0]!].map((r) => r.toString('hex')));
    expect(fs.readFileSync(`${to}.prj`, 'utf8')).toBe(fs.readFileSync(`${stem}.prj`, 'utf8'));
    const box = fs.readFileSync(`${to}.shp`);
    const kept = shpBboxes(`${to}.shp`);
    expect([box.readDoubleLE(36), box.readDoubleLE(44)]).toEqual([Math.min(kept[0]![0], kept[1]![0]), Math.min(kept[0]![1], kept[1]![1])]);
    expect(fs.statSync(`${to}.shx`).size).toBe(100 + 8 * 2);
  });
});
