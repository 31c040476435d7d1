// DGFiP EDIGEO (PCI vecteur): the cadastre as the DGFiP delivers it, one feuille (sheet) per
// folder or per `edigeo-<feuille>.tar.bz2`, read into the same parcel features as the Etalab layer.
//
// Why our own reader and not @etalab/edigeo-parser (1.1.0, see docs/import.md): it reprojects every
// coordinate to WGS 84 (we store the Lambert-93 metres of the file, untouched), extracts a whole
// archive in memory through `decompress` (unmaintained since 2020) and brings Turf 6 beside our Turf 7.
// The part of EDIGEO the cadastre needs is small: records, the arcs bounding each face, the faces of
// each parcel, and the QAL dates.
//
// Streaming: archives are decompressed and untarred as streams, one sheet at a time; only the sheet
// being read (a few MB at most) is in memory, never the delivery.
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import bz2 from 'unbzip2-stream';
import { crsFromCode, implausible, type Crs } from './crs.ts';
import type { Source } from './files.ts';
import type { Feature, Layer } from './read.ts';
import { ImportError } from './report.ts';

/** The files of an EDIGEO exchange (THF header, VEC vectors, GEO projection, QAL dates…), or a sheet archive. */
export const isEdigeo = (name: string) => /\.(thf|vec|geo|qal|scd|gen|dic)$/i.test(name) || /\.tar\.bz2$/i.test(name);

// The projections the DGFiP uses in metropolitan France (RELSA of the .GEO): Lambert-93 and the nine
// conic conformal zones. Other codes (NTF Lambert I-IV of old deliveries, overseas UTM) are refused.
const PROJECTIONS: Record<string, number> = {
  LAMB93: 2154,
  ...Object.fromEntries([42, 43, 44, 45, 46, 47, 48, 49, 50].map((z) => [`RGF93CC${z}`, 3900 + z])),
};

/** A feuille's code, 12 characters: INSEE (5), prefixe (3), section (2), feuille (2). */
const SHEET = /(?:^|[^0-9A-Z])((?:\d{2}|2[AB])\d{3}[0-9A-Z]{3}[0-9A-Z]{2}\d{2})(?![0-9A-Z])/i;

type Sheet = { name: string; path: string; files: Map<string, { path: string; data: Buffer }> };

type Block = { rty: string; rid: string; scp: string; cor: [number, number][]; att: Map<string, string>; ftp: string[]; qap: string | null };

/**
 * The records of an EDIGEO file: lines `CODE TYPE LEN:value` (RTYSA03:PAR), a record starting at each
 * RTY line. ATP (attribute type) lines are followed by their ATV value, possibly after a TEXT line.
 */
function parseBlocks(text: string): Block[] {
  const out: Block[] = [];
  let b: Block | null = null;
  let attr: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.length < 8 || line[7] !== ':') continue;
    const code = line.slice(0, 3);
    const value = line.slice(8);
    if (code === 'RTY') {
      b = { rty: value, rid: '', scp: '', cor: [], att: new Map(), ftp: [], qap: null };
      out.push(b);
      attr = null;
      continue;
    }
    if (!b) continue;
    switch (code) {
      case 'RID': b.rid = value; break;
      case 'SCP': b.scp = value.slice(value.lastIndexOf(';') + 1); break;
      case 'COR': {
        const [x, y] = value.split(';');
        b.cor.push([Number(x), Number(y)]);
        break;
      }
      case 'ATP': attr = value.slice(value.lastIndexOf(';') + 1); break;
      case 'ATV': if (attr) { b.att.set(attr, value); attr = null; } break;
      // EDAO01;SeTOP_1;PAR;Arc_95 → PAR;Arc_95 (one VEC file is one topology, ids are unique in it).
      case 'FTP': b.ftp.push(value.split(';').slice(2).join(';')); break;
      case 'QAP': b.qap = value.slice(value.lastIndexOf(';') + 1); break;
    }
  }
  return out;
}

const key = (p: [number, number]) => `${p[0]} ${p[1]}`;

function ringArea(r: [number, number][]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0] - r[i]![0]) * (r[j]![1] + r[i]![1]);
  return a / 2;
}

function inside(p: [number, number], r: [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!; const [xj, yj] = r[j]!;
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/**
 * The polygon bounded by these arcs (each given once; the arcs between two faces of the same
 * parcel are left out by the caller): arcs chained end to end into closed rings, each ring a hole
 * of the smallest ring around it, or an outer ring. Returns why when the arcs do not close.
 */
type Ring = [number, number][];
export function polygonFromArcs(arcs: Ring[]): { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] } | string {
  const byEnd = new Map<string, number[]>();
  arcs.forEach((a, i) => {
    for (const p of [a[0]!, a[a.length - 1]!]) {
      const k = key(p);
      const l = byEnd.get(k);
      if (l) l.push(i); else byEnd.set(k, [i]);
    }
  });
  const used = new Uint8Array(arcs.length);
  const rings: [number, number][][] = [];
  for (let s = 0; s < arcs.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const ring = [...arcs[s]!];
    const start = key(ring[0]!);
    while (key(ring[ring.length - 1]!) !== start) {
      const end = key(ring[ring.length - 1]!);
      const next = (byEnd.get(end) ?? []).find((i) => !used[i]);
      if (next === undefined) return `contour non fermé près de ${end.replace(' ', ', ')}`;
      used[next] = 1;
      const a = arcs[next]!;
      const forward = key(a[0]!) === end;
      for (const p of (forward ? a.slice(1) : a.slice(0, -1).reverse())) ring.push(p);
    }
    if (ring.length >= 4) rings.push(ring);
  }
  if (!rings.length) return 'aucun contour';
  // Largest first: a ring's container, if any, comes before it.
  const sorted = rings.map((r) => ({ r, area: Math.abs(ringArea(r)) })).sort((a, b) => b.area - a.area);
  const polygons: { shell: [number, number][]; holes: [number, number][][] }[] = [];
  const owner: (number | null)[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const { r } = sorted[i]!;
    // A vertex may lie on the container's boundary (a hole touching it): a segment's midpoint rarely does.
    const probe: [number, number] = [(r[0]![0] + r[1]![0]) / 2, (r[0]![1] + r[1]![1]) / 2];
    let container = -1;
    for (let j = i - 1; j >= 0; j--) if (inside(probe, sorted[j]!.r)) { container = j; break; }
    // Inside a hole (an island in an enclave) or inside nothing: an outer ring.
    if (container === -1 || owner[container] !== null) {
      owner.push(null);
      polygons.push({ shell: r, holes: [] });
      (sorted[i] as { poly?: number }).poly = polygons.length - 1;
    } else {
      owner.push(container);
      polygons[(sorted[container] as { poly?: number }).poly!]!.holes.push(r);
    }
  }
  const coords = polygons.map((p) => [p.shell, ...p.holes]);
  return coords.length === 1 ? { type: 'Polygon', coordinates: coords[0]! } : { type: 'MultiPolygon', coordinates: coords };
}

const date = (s: string | undefined) => (s && /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null);
const unpad = (s: string) => s.replace(/^0+(?=.)/, '');

/** The parcels of one sheet, in the Etalab layer's fields (id of 14 characters, section and numero without leading zeros). */
function sheetParcels(sheet: Sheet): { crs: Crs; features: Omit<Feature, 'n'>[] } {
  const fail = (file: string, msg: string) => new ImportError(file, msg);
  const find = (ext: string) => [...sheet.files.values()].filter((f) => f.path.toLowerCase().endsWith(`.${ext}`));
  const geo = find('geo')[0];
  if (!geo) throw fail(sheet.path, `feuille EDIGEO ${sheet.name} sans fichier .GEO : son système de coordonnées est inconnu`);
  const relsa = /^RELSA\d\d:(.*)$/m.exec(geo.data.toString('latin1'))?.[1]?.trim();
  const crs = relsa && PROJECTIONS[relsa] ? crsFromCode(PROJECTIONS[relsa]!) : null;
  if (!crs) {
    throw fail(geo.path, `projection EDIGEO ${JSON.stringify(relsa ?? null)} non prise en charge (seules LAMB93 et RGF93CC42 à RGF93CC50 le sont)`);
  }

  // QAL: the observation (ODA) and update (UDA) dates of each object.
  const dates = new Map<string, { oda?: string; uda?: string }>();
  for (const q of find('qal')) {
    let cur: { oda?: string; uda?: string } | null = null;
    for (const line of q.data.toString('latin1').split(/\r?\n/)) {
      if (line.startsWith('RIDSA')) dates.set(line.slice(8), (cur = {}));
      else if (cur && line.startsWith('ODASD')) cur.oda = line.slice(8);
      else if (cur && line.startsWith('UDASD')) cur.uda = line.slice(8);
    }
  }

  const dep = sheet.name.slice(0, 2);
  const features: Omit<Feature, 'n'>[] = [];
  for (const vec of find('vec')) {
    // Only the topology holding the parcels (T1 in every delivery seen) needs reading.
    if (!vec.data.includes('PARCELLE_id')) continue;
    const blocks = parseBlocks(vec.data.toString('latin1'));
    const arcs = new Map<string, [number, number][]>();
    const arcFaces = new Map<string, string[]>();
    const objFaces = new Map<string, string[]>();
    const parcels: Block[] = [];
    for (const b of blocks) {
      if (b.rty === 'PAR') arcs.set(b.rid, b.cor);
      else if (b.rty === 'FEA' && b.scp === 'PARCELLE_id') parcels.push(b);
      else if (b.rty === 'LNK') {
        if (b.scp === 'ID_S_RCO_FAC_DRTE' || b.scp === 'ID_S_RCO_FAC_GCHE') {
          const arc = b.ftp.find((r) => r.startsWith('PAR;'))?.slice(4);
          const face = b.ftp.find((r) => r.startsWith('PFE;'))?.slice(4);
          if (arc && face) (arcFaces.get(arc) ?? arcFaces.set(arc, []).get(arc)!).push(face);
        } else if (b.scp === 'ID_S_RCO_PARCELLE_id') {
          const obj = b.ftp.find((r) => r.startsWith('FEA;'))?.slice(4);
          if (obj) (objFaces.get(obj) ?? objFaces.set(obj, []).get(obj)!).push(...b.ftp.filter((r) => r.startsWith('PFE;')).map((r) => r.slice(4)));
        }
      }
    }
    // Faces → the arcs around them.
    const faceArcs = new Map<string, string[]>();
    for (const [arc, faces] of arcFaces) for (const f of faces) (faceArcs.get(f) ?? faceArcs.set(f, []).get(f)!).push(arc);

    for (const p of parcels) {
      const idu = p.att.get('IDU_id') ?? '';
      const id = `${dep}${idu}`;
      const faces = new Set(objFaces.get(p.rid) ?? []);
      // An arc with the parcel on both sides separates two of its faces: not a boundary.
      const boundary = new Set<string>();
      for (const f of faces) {
        for (const a of faceArcs.get(f) ?? []) if (!(arcFaces.get(a) ?? []).every((x) => faces.has(x))) boundary.add(a);
      }
      const geometry = polygonFromArcs([...boundary].map((a) => arcs.get(a)!).filter((c) => c && c.length >= 2));
      const supf = p.att.get('SUPF_id');
      const q = p.qap ? dates.get(p.qap) : undefined;
      features.push({
        id: idu.length === 12 ? id : p.rid,
        properties: {
          id: idu.length === 12 ? id : idu,
          commune: `${dep}${idu.slice(0, 3)}`,
          prefixe: idu.slice(3, 6),
          section: unpad(idu.slice(6, 8)),
          numero: unpad(idu.slice(8, 12)),
          contenance: supf === undefined || supf === '' ? null : Math.round(Number(supf)),
          arpente: p.att.get('COAR_id') === 'A',
          created: date(q?.oda),
          updated: date(q?.uda),
          // Read by the cadastre import's row mapping: the feature is rejected with this reason.
          ...(typeof geometry === 'string' ? { geometry_problem: `géométrie EDIGEO inutilisable : ${geometry}` } : {}),
        },
        geometry: typeof geometry === 'string' ? null : geometry,
      });
    }
  }
  return { crs, features };
}

/** The sheet code in a path (`…/edigeo-25354000AB01.tar.bz2`, `…/75103000AO01/`), the deepest one. */
function sheetName(p: string): string | null {
  const parts = p.split(/[\\/]|!\//).reverse();
  for (const part of parts) {
    const m = SHEET.exec(part.replace(/\.tar\.bz2$/i, ''));
    if (m) return m[1]!.toUpperCase();
  }
  return null;
}

/** The entries of a tar.bz2, streamed; nested sheet archives (a commune's archive of feuilles) are opened in turn. */
async function* untar(input: Readable, where: string): AsyncGenerator<{ path: string; data: Buffer }> {
  const extract = tar.extract();
  const unzip = bz2();
  input.on('error', (e) => extract.destroy(e));
  unzip.on('error', (e: Error) => extract.destroy(e));
  input.pipe(unzip).pipe(extract);
  try {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      if (entry.header.type !== 'file') continue;
      const inner = `${where}!/${entry.header.name.replace(/^\.\//, '')}`;
      const data = Buffer.concat(chunks);
      if (/\.tar\.bz2$/i.test(entry.header.name)) {
        yield* untar(Readable.from([data]), inner);
      } else yield { path: inner, data };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(where, `archive tar.bz2 illisible ou tronquée (${(err as Error).message})`);
  }
}

/**
 * The sheets of the EDIGEO sources, one at a time: files of a folder grouped by folder, the
 * entries of an archive by their folder in it. The sheet code comes from the folder or archive name.
 */
async function* sheets(sources: Source[]): AsyncGenerator<Sheet> {
  const complete = (s: Sheet) => {
    if (!s.name) {
      throw new ImportError(s.path, 'feuille EDIGEO sans son code (INSEE, préfixe, section, feuille : 12 caractères comme 25354000AB01) '
        + 'dans le nom de son dossier ou de son archive : le département des parcelles serait inconnu');
    }
    return s;
  };
  const loose = new Map<string, Sheet>();
  for (const src of sources) {
    if (/\.tar\.bz2$/i.test(src.name)) {
      let cur: Sheet | null = null;
      for await (const e of untar(await src.open(), src.path)) {
        const dir = path.posix.dirname(e.path);
        if (!cur || cur.path !== dir) {
          if (cur) yield complete(cur);
          cur = { name: sheetName(e.path) ?? '', path: dir, files: new Map() };
        }
        cur.files.set(e.path, e);
      }
      if (cur) yield complete(cur);
    } else {
      const dir = path.dirname(src.path);
      let s = loose.get(dir);
      if (!s) loose.set(dir, (s = { name: sheetName(src.path) ?? '', path: dir, files: new Map() }));
      const chunks: Buffer[] = [];
      for await (const c of await src.open()) chunks.push(c as Buffer);
      s.files.set(src.path, { path: src.path, data: Buffer.concat(chunks) });
    }
  }
  for (const s of loose.values()) yield complete(s);
}

function commonFolder(paths: string[]): string {
  let parts = path.dirname(paths[0]!).split(path.sep);
  for (const p of paths) {
    const q = path.dirname(p).split(path.sep);
    let i = 0;
    while (i < parts.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

/**
 * All the parcels of the EDIGEO sources as one layer, so that the import replaces each commune
 * once even when its feuilles come in several archives.
 */
export function edigeoParcels(sources: Source[], onProgress?: (done: number, total: number, features: number) => void): Layer {
  const total = sources.reduce((s, x) => s + x.size, 0);
  const label = sources.length === 1 ? sources[0]!.path : `${commonFolder(sources.map((s) => s.path))} (EDIGEO, ${sources.length} fichiers)`;
  let crs: Crs | null = null;
  let crsFrom = '';
  const features = (async function* (): AsyncGenerator<Feature> {
    let n = 0;
    let done = 0;
    for await (const sheet of sheets(sources)) {
      const s = sheetParcels(sheet);
      if (crs && crs.srid !== s.crs.srid) {
        throw new ImportError(sheet.path, `feuille en ${s.crs.label} alors que ${crsFrom} est en ${crs.label} : une importation n’a qu’un système de coordonnées`);
      }
      if (!crs) {
        let pos = (s.features.find((f) => f.geometry)?.geometry as { coordinates?: unknown } | undefined)?.coordinates;
        while (Array.isArray(pos) && Array.isArray(pos[0])) pos = pos[0];
        const why = Array.isArray(pos) ? implausible(s.crs, pos[0] as number, pos[1] as number) : null;
        if (why) throw new ImportError(sheet.path, why);
        crs = s.crs; crsFrom = sheet.path;
      }
      for (const f of s.features) {
        if (f.properties.commune !== sheet.name.slice(0, 5) && typeof f.properties.id === 'string' && f.properties.id.length === 14) {
          f.properties.geometry_problem = `la parcelle ${f.properties.id} n’est pas de la commune ${sheet.name.slice(0, 5)} de sa feuille`;
        }
        yield { ...f, n: ++n };
      }
      done += [...sheet.files.values()].reduce((a, x) => a + x.data.length, 0);
      onProgress?.(Math.min(done, total), total, n);
    }
    onProgress?.(total, total, n);
  })();
  const source: Source = { path: label, name: path.basename(label), size: total, open: () => { throw new Error('not a file'); }, sibling: () => null };
  return {
    source,
    crs: () => {
      if (!crs) throw new ImportError(label, 'aucune feuille EDIGEO lue');
      return crs;
    },
    features,
  };
}
