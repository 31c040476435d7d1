// Helpers for the tests on real data: where it is, scratch folders, damaged copies, zips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { inject } from 'vitest';
import type { Db } from '../db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The full real data folder; provided by vitest.data.config.ts only. */
    sharedData?: string;
  }
}

/**
 * Small extracts of real open data, in the repository (fixtures/real, cut by scripts/make-fixtures.ts,
 * described in fixtures/SOURCES.md). They keep the relative paths of the full data, so `real(p)` and
 * `shared(p)` name the same file, whole or cut.
 */
export const REAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/real');
export const real = (...p: string[]) => path.join(REAL, ...p);

/** The full real data, for the `*.data.test.ts` files that `npm run test:data` runs. */
export function shared(...p: string[]): string {
  const root = inject('sharedData');
  if (!root) throw new Error('the full real data is only available to *.data.test.ts files, run by npm run test:data');
  return path.join(root, ...p);
}

export function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `terrier-${name}-`));
}

/** Copies files into dir (optionally renamed) and returns the new paths. */
export function copyInto(dir: string, files: string[], rename: (name: string) => string = (n) => n): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const to = path.join(dir, rename(path.basename(f)));
    fs.copyFileSync(f, to);
    return to;
  });
}

/** The first `share` of a file, as a file that ends mid-way. */
export function truncatedCopy(file: string, to: string, share = 0.5): string {
  const buf = fs.readFileSync(file);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, buf.subarray(0, Math.floor(buf.length * share)));
  return to;
}

/** A minimal zip writer (stored, no compression): enough to test reading deliveries from zips. */
export function writeZip(to: string, entries: { name: string; file: string }[]): string {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = fs.readFileSync(e.file);
    const name = Buffer.from(e.name);
    const crc = zlib.crc32(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  fs.writeFileSync(to, Buffer.concat([...locals, dir, end]));
  return to;
}

export async function count(db: Db, table: string, where = 'true', bindings: readonly (string | number)[] = []): Promise<number> {
  const { rows } = await db.knex.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, bindings);
  return rows[0].n;
}

/** Row counts of every imported table, to prove a failed import changed nothing. */
export async function snapshot(db: Db): Promise<Record<string, number>> {
  const tables = ['communes', 'cadastre_sections', 'cadastre_parcelles', 'cadastre_batiments', 'plu_doc_urba', 'plu_doc_urba_com',
    'plu_zone_urba', 'plu_prescription', 'plu_information', 'sup_gestionnaire', 'sup_servitude', 'sup_acte', 'sup_servitude_acte',
    'sup_generateur', 'sup_assiette', 'settings'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await count(db, t);
  return out;
}

/** Geometries that would break the map or the checks: there must be none. */
export async function invalidGeometries(db: Db): Promise<number> {
  let n = 0;
  for (const t of ['communes', 'cadastre_sections', 'cadastre_parcelles', 'cadastre_batiments', 'plu_zone_urba', 'plu_prescription',
    'plu_information', 'sup_generateur', 'sup_assiette']) {
    n += await count(db, t, 'geom IS NOT NULL AND (NOT ST_IsValid(geom) OR ST_IsEmpty(geom) OR ST_SRID(geom) <> 2154)');
  }
  return n;
}
