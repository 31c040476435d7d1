// Where the files of an import come from: a folder (walked recursively), a .zip (read in place with
// yauzl, never extracted), or files named one by one. Everything downstream sees Sources.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { ImportError } from './report.ts';

export type Source = {
  /** Shown to the user: a path, or `archive.zip!/inner/path`. */
  path: string;
  name: string;
  size: number;
  open(): Promise<Readable>;
  /** The file next to this one with the same base name and another extension (any case). */
  sibling(ext: string): Source | null;
};

export type Delivery = {
  /** Folder or zip base name, or the folder holding the loose files: names a PLU/SUP delivery. */
  name: string;
  path: string;
  sources: Source[];
  /** Files named one by one (not found by walking a folder or a zip): each must be importable. */
  loose: boolean;
  close(): Promise<void>;
};

const stem = (name: string) => name.replace(/\.[^.]+$/, '').toLowerCase();

/** Gives each source a sibling() looking among the others of the same folder. */
function linkSiblings(sources: Omit<Source, 'sibling'>[], dirOf: (s: Omit<Source, 'sibling'>) => string): Source[] {
  const byKey = new Map<string, Source>();
  const out = sources.map((s) => {
    const src = s as Source;
    src.sibling = (ext) => byKey.get(`${dirOf(s)}|${stem(s.name)}.${ext.toLowerCase()}`) ?? null;
    return src;
  });
  for (const s of out) byKey.set(`${dirOf(s)}|${s.name.toLowerCase()}`, s);
  return out;
}

function diskSource(file: string, size: number): Omit<Source, 'sibling'> {
  return { path: file, name: path.basename(file), size, open: async () => fs.createReadStream(file, { highWaterMark: 1 << 20 }) };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function openZip(file: string): Promise<Delivery> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  } catch (err) {
    throw new ImportError(file, `n’est pas une archive zip lisible (${(err as Error).message})`);
  }
  const entries: Omit<Source, 'sibling'>[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || path.basename(entry.fileName).startsWith('.')) continue;
      entries.push({
        path: `${file}!/${entry.fileName}`,
        name: path.posix.basename(entry.fileName),
        size: entry.uncompressedSize,
        open: () => zip.openReadStreamPromise(entry),
      });
    }
  } catch (err) {
    zip.close();
    throw new ImportError(file, `est une archive zip endommagée (${(err as Error).message})`);
  }
  const dirOf = (s: Omit<Source, 'sibling'>) => path.posix.dirname(s.path.slice(file.length + 2)).toLowerCase();
  return { name: stem(path.basename(file)), path: file, sources: linkSiblings(entries, dirOf), loose: false, close: async () => zip.close() };
}

/**
 * One delivery per folder or zip given, plus one for all the loose files together (so that
 * `zone_urba.geojson prescription_surf.geojson` is imported as one PLU).
 */
export async function openDeliveries(paths: string[]): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const loose: string[] = [];
  try {
    for (const p of paths) {
      const abs = path.resolve(p);
      const st = fs.statSync(abs, { throwIfNoEntry: false });
      if (!st) throw new ImportError(p, 'fichier ou dossier introuvable');
      if (st.isDirectory()) {
        const files = walk(abs).map((f) => diskSource(f, fs.statSync(f).size));
        out.push({ name: path.basename(abs), path: abs, sources: linkSiblings(files, (s) => path.dirname(s.path)), loose: false, close: async () => {} });
      } else if (/\.zip$/i.test(abs)) out.push(await openZip(abs));
      else loose.push(abs);
    }
    if (loose.length) {
      // Siblings of a loose file (.dbf, .prj, .cpg of a .shp) are looked for next to it on disk.
      const dirs = [...new Set(loose.map((f) => path.dirname(f)))];
      const neighbours = dirs.flatMap((d) => fs.readdirSync(d).map((n) => path.join(d, n)))
        .filter((f) => !loose.includes(f) && fs.statSync(f).isFile());
      const all = linkSiblings([...loose, ...neighbours].map((f) => diskSource(f, fs.statSync(f).size)), (s) => path.dirname(s.path));
      out.push({ name: path.basename(dirs[0]!), path: dirs[0]!, sources: all.slice(0, loose.length), loose: true, close: async () => {} });
    }
  } catch (err) {
    await Promise.all(out.map((d) => d.close()));
    throw err;
  }
  return out;
}

/**
 * The bytes of a source, gunzipped when they are gzip (by content, not by name), counting the raw
 * bytes read for the progress bar.
 */
export async function openBytes(src: Source, onBytes?: (n: number) => void): Promise<AsyncIterable<Buffer>> {
  const raw = await src.open();
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await it.next();
  async function* counted() {
    if (head.done) return;
    onBytes?.(head.value.length);
    yield head.value;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      onBytes?.(r.value.length);
      yield r.value;
    }
  }
  if (head.done || head.value[0] !== 0x1f || head.value[1] !== 0x8b) return counted();
  const gunzip = zlib.createGunzip();
  Readable.from(counted()).on('error', (e) => gunzip.destroy(e)).pipe(gunzip);
  return gunzip;
}

/** Small files only (DBF headers, .prj, .cpg). */
export async function readAll(src: Source, limit = 1 << 20): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of await src.open()) {
    parts.push(c as Buffer);
    size += (c as Buffer).length;
    if (size >= limit) break;
  }
  return Buffer.concat(parts).subarray(0, limit);
}
