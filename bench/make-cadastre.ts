// Writes a synthetic département-sized Etalab parcelles file (WGS 84 GeoJSON, one feature per line,
// Etalab properties verbatim) for the import benchmark. Deterministic for a given size.
//
//   npx tsx bench/make-cadastre.ts 100k [outDir]      → <outDir>/100k/cadastre-91-parcelles.json (outDir: $TMPDIR/terrier-bench)
//
// Parcels are star-shaped polygons (always simple) of ~34 vertices in a grid over Essonne, ~3,000 per
// commune, so a feature weighs ~1 KB like a rural département's (1M parcels ≈ 1 GB). One parcel in
// 20,000 is a bow-tie (invalid, to exercise the repair path) and one in 5,000 has no contenance.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a count: ${s} (e.g. 100k, 1M)`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1));
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const SECTIONS = Array.from({ length: 26 * 27 }, (_, i) =>
  (i < 26 ? String.fromCharCode(65 + i) : String.fromCharCode(65 + Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26))));

const round = (x: number) => Math.round(x * 1e7) / 1e7;

export async function makeCadastre(count: number, outDir = path.join(os.tmpdir(), 'terrier-bench')): Promise<string> {
  const label = count >= 1e6 && count % 1e6 === 0 ? `${count / 1e6}M` : count >= 1e3 && count % 1e3 === 0 ? `${count / 1e3}k` : String(count);
  // Named like Etalab's département files, one folder per size.
  const file = path.join(outDir, label, 'cadastre-91-parcelles.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file)) return file;
  const random = rng(count);
  const perCommune = Math.max(3000, Math.ceil(count / 900));
  const side = Math.ceil(Math.sqrt(count));
  const [lon0, lat0, dlon, dlat] = [2.0, 48.3, 0.6 / side, 0.5 / side];
  const tmp = `${file}.${process.pid}.tmp`;
  const out = fs.createWriteStream(tmp);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('{"type":"FeatureCollection","features":[\n');
  for (let i = 0; i < count; i++) {
    const commune = 91001 + Math.floor(i / perCommune);
    const k = i % perCommune;
    const section = SECTIONS[Math.floor(k / 200)]!;
    const numero = String((k % 200) + 1);
    const id = `${commune}000${section.padStart(2, '0')}${numero.padStart(4, '0')}`;
    const cx = lon0 + ((i % side) + 0.5) * dlon, cy = lat0 + (Math.floor(i / side) + 0.5) * dlat;
    const n = 30 + Math.floor(random() * 8);
    const ring: number[][] = [];
    for (let v = 0; v < n; v++) {
      const a = (2 * Math.PI * v) / n, r = 0.25 + 0.2 * random();
      ring.push([round(cx + r * dlon * Math.cos(a)), round(cy + r * dlat * Math.sin(a))]);
    }
    if (i % 20000 === 7) [ring[2], ring[n >> 1]] = [ring[n >> 1]!, ring[2]!]; // a bow-tie: self-intersecting
    ring.push(ring[0]!);
    const props = {
      id, commune: String(commune), prefixe: '000', section, numero,
      ...(i % 5000 === 11 ? {} : { contenance: 1500 + Math.floor(random() * 3000) }),
      arpente: random() < 0.1, created: '2007-10-10', updated: '2021-03-15',
    };
    await write(`${i ? ',\n' : ''}${JSON.stringify({ type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: props })}`);
  }
  await write('\n]}\n');
  await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  fs.renameSync(tmp, file);
  return file;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [count = '100k', outDir] = process.argv.slice(2);
  const t = performance.now();
  const file = await makeCadastre(parseCount(count), outDir);
  console.log(`${file} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB, ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
