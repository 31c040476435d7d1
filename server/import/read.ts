// Opens one table of a delivery, whatever its format (GeoJSON/JSON, possibly gzipped; shapefile;
// bare .dbf), as a stream of plain features with lowercase property names, plus its CRS.
import { Transform } from 'node:stream';
import { crsFromCode, crsFromGeoJson, crsFromWkt, implausible, SUPPORTED, type Crs } from './crs.ts';
import { openBytes, readAll, type Source } from './files.ts';
import { readJsonItems, type JsonHeader } from './geojson.ts';
import { ImportError } from './report.ts';
import { readShapefile } from './shapefile.ts';

export type Feature = {
  /** 1-based position in the file, to name features that have no id. */
  n: number;
  id: string | null;
  properties: Record<string, unknown>;
  geometry: unknown;
};

export type Layer = {
  source: Source;
  /** Known once the first feature has been read (a GeoJSON's crs member comes before its features). */
  crs(): Crs;
  features: AsyncIterable<Feature>;
};

export type ReadOptions = {
  /** EPSG code for files that declare no CRS at all (GeoJSON without crs member, shapefile without .prj). */
  srid?: number;
  onProgress?: (done: number, total: number, features: number) => void;
};

export const isJson = (name: string) => /\.(geo)?json(\.gz)?$/i.test(name);
export const isShp = (name: string) => /\.shp$/i.test(name);
export const isDbf = (name: string) => /\.dbf$/i.test(name);

/** Lowercases property names: CNIG 2014 shapefiles say IDURBA, the GPU says idurba. */
function lower(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) out[k.toLowerCase()] = v;
  return out;
}

function firstPosition(geometry: unknown): [number, number] | null {
  let c = (geometry as { coordinates?: unknown })?.coordinates;
  if ((geometry as { type?: string })?.type === 'GeometryCollection') {
    c = ((geometry as { geometries?: { coordinates?: unknown }[] }).geometries ?? [])[0]?.coordinates;
  }
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
}

export async function openLayer(src: Source, opts: ReadOptions = {}): Promise<Layer> {
  const fail = (msg: string) => new ImportError(src.path, msg);
  let crs: Crs | null = null;
  let crsProblem: string | null = null;
  let records: AsyncIterable<{ id?: unknown; properties?: unknown; geometry?: unknown }>;
  let done = 0;
  const total = src.size;

  if (isJson(src.name)) {
    const header: JsonHeader = {};
    const items = readJsonItems(await openBytes(src, (b) => { done += b; }), header);
    records = (async function* () {
      for await (const item of items) {
        if (crs === null && crsProblem === null) {
          if (header.crs === undefined) {
            crs = opts.srid ? crsFromSrid(opts.srid) : crsFromGeoJson(undefined);
          } else {
            crs = crsFromGeoJson(header.crs);
            if (!crs) crsProblem = `declares an unknown coordinate system ${JSON.stringify(header.crs)}; supported: ${SUPPORTED}`;
          }
        }
        const o = item as { type?: string; properties?: unknown; geometry?: unknown; id?: unknown };
        // Features, or plain records (tables without geometry published as JSON arrays).
        yield o && o.type === 'Feature' ? o : { properties: o, geometry: null };
      }
    })();
  } else if (isShp(src.name) || isDbf(src.name)) {
    const shp = isShp(src.name) ? src : null;
    const dbf = shp ? shp.sibling('dbf') : src;
    if (shp) {
      const prj = shp.sibling('prj');
      if (prj) {
        const wkt = (await readAll(prj, 64 * 1024)).toString('latin1');
        crs = crsFromWkt(wkt);
        if (!crs) crsProblem = `has an unknown coordinate system in its .prj (${wkt.slice(0, 120)}…); supported: ${SUPPORTED}`;
      } else if (opts.srid) crs = crsFromSrid(opts.srid);
      else crsProblem = 'has no .prj, so its coordinate system is unknown (pass --srid 2154 if it is Lambert-93)';
    }
    records = readShapefile(shp && counting(shp, (b) => { done += b; }), dbf);
  } else {
    throw fail('is neither GeoJSON/JSON nor a shapefile/dBase table');
  }

  let checked = false;
  const features = (async function* (): AsyncGenerator<Feature> {
    let n = 0;
    try {
      for await (const r of records) {
        n++;
        const geometry = r.geometry ?? null;
        if (geometry !== null && !checked) {
          // The CRS matters only for tables with geometries; bare tables (DOC_URBA, SERVITUDE) have none.
          if (crsProblem) throw fail(crsProblem);
          const pos = firstPosition(geometry);
          const why = pos && crs ? implausible(crs, pos[0], pos[1]) : null;
          if (why) throw fail(why);
          checked = true;
        }
        const properties = lower((r.properties ?? {}) as Record<string, unknown>);
        const id = r.id ?? properties.id;
        yield { n, id: id === undefined || id === null ? null : String(id), properties, geometry };
        if (opts.onProgress && n % 500 === 0) opts.onProgress(done, total, n);
      }
      opts.onProgress?.(total, total, n);
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw fail((err as Error).message);
    }
  })();

  return {
    source: src,
    crs: () => {
      if (!crs) throw fail(crsProblem ?? 'coordinate system unknown');
      return crs;
    },
    features,
  };
}

/** The same source, counting the bytes read through it (for the progress bar). */
function counting(src: Source, onBytes: (n: number) => void): Source {
  return {
    ...src,
    open: async () => {
      const raw = await src.open();
      const t = new Transform({ transform(chunk: Buffer, _enc, cb) { onBytes(chunk.length); cb(null, chunk); } });
      raw.on('error', (e) => t.destroy(e));
      return raw.pipe(t);
    },
  };
}

function crsFromSrid(srid: number): Crs {
  const c = crsFromCode(srid);
  if (!c) throw new ImportError(`--srid ${srid}`, `n’est pas un système de coordonnées pris en charge ; pris en charge : ${SUPPORTED}`);
  return c;
}
