// Which coordinate system a file is in, as an EPSG code PostGIS can ST_Transform from. Only the
// systems French data actually comes in are recognised; anything else is refused rather than guessed,
// because a wrong guess silently puts a commune somewhere else.

export type Crs = { srid: number; label: string; geographic: boolean };

const KNOWN = new Map<number, Crs>([
  [2154, { srid: 2154, label: 'RGF93 / Lambert-93', geographic: false }],
  [4326, { srid: 4326, label: 'WGS 84', geographic: true }],
  [4171, { srid: 4171, label: 'RGF93 (geographic)', geographic: true }],
  [4258, { srid: 4258, label: 'ETRS89 (geographic)', geographic: true }],
  [3857, { srid: 3857, label: 'WGS 84 / Pseudo-Mercator', geographic: false }],
  ...[30, 31, 32].map((z): [number, Crs] => [32600 + z, { srid: 32600 + z, label: `WGS 84 / UTM zone ${z}N`, geographic: false }]),
  // The overseas départements' legal projections (server/geometry/territories.ts).
  [5490, { srid: 5490, label: 'RGAF09 / UTM zone 20N', geographic: false }],
  [2972, { srid: 2972, label: 'RGFG95 / UTM zone 22N', geographic: false }],
  [2975, { srid: 2975, label: 'RGR92 / UTM zone 40S', geographic: false }],
  [4471, { srid: 4471, label: 'RGM04 / UTM zone 38S', geographic: false }],
  ...[42, 43, 44, 45, 46, 47, 48, 49, 50].map((z): [number, Crs] => [3900 + z, { srid: 3900 + z, label: `RGF93 / CC${z}`, geographic: false }]),
]);

export const SUPPORTED = [...KNOWN.values()].map((c) => `EPSG:${c.srid} (${c.label})`).join(', ');

export const WGS84 = KNOWN.get(4326)!;

export function crsFromCode(srid: number): Crs | null {
  return KNOWN.get(srid) ?? null;
}

/**
 * The CRS of a GeoJSON `crs` member (GeoJSON 2008; RFC 7946 dropped it, so its absence means WGS 84).
 * Returns null when the member names a system we do not know.
 */
export function crsFromGeoJson(member: unknown): Crs | null {
  if (member === undefined || member === null) return WGS84;
  const m = member as { type?: string; properties?: { name?: unknown; code?: unknown } };
  if (m.type?.toLowerCase() === 'epsg' && m.properties?.code !== undefined) return crsFromCode(Number(m.properties.code));
  const name = typeof m.properties?.name === 'string' ? m.properties.name.trim() : '';
  if (/^(urn:ogc:def:crs:OGC:(1\.3)?:)?CRS84$/i.test(name)) return WGS84;
  const code = /^(?:urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG:+|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[0-9.]+\/)(\d+)$/i.exec(name)?.[1];
  return code ? crsFromCode(Number(code)) : null;
}

type Wkt = { key: string; args: (string | number | Wkt)[] };

/** A small WKT (1 or 2, ESRI or OGC flavour) parser: just enough to read names, ids and parameters. */
export function parseWkt(text: string): Wkt | null {
  const tokens = text.match(/"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_]*|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[[\](),]/g) ?? [];
  let i = 0;
  const node = (): Wkt | null => {
    const key = tokens[i++];
    if (!key || !/^[A-Za-z_]/.test(key) || !['[', '('].includes(tokens[i] ?? '')) return null;
    i++;
    const args: Wkt['args'] = [];
    while (i < tokens.length && ![']', ')'].includes(tokens[i]!)) {
      const t = tokens[i]!;
      if (t === ',') { i++; continue; }
      if (t.startsWith('"')) { args.push(t.slice(1, -1).replace(/""/g, '"')); i++; }
      else if (/^[-+.\d]/.test(t)) { args.push(Number(t)); i++; }
      else if (['[', '('].includes(tokens[i + 1] ?? '')) { const n = node(); if (!n) return null; args.push(n); }
      else { args.push(t); i++; }
    }
    i++;
    return { key: key.toUpperCase(), args };
  };
  return node();
}

const children = (w: Wkt, ...keys: string[]) => w.args.filter((a): a is Wkt => typeof a === 'object' && keys.includes(a.key));
const child = (w: Wkt, ...keys: string[]) => children(w, ...keys)[0];
const norm = (s: unknown) => String(s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
const near = (a: number | undefined, b: number, tol = 1e-6) => a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

function epsgId(w: Wkt): number | null {
  const id = child(w, 'AUTHORITY', 'ID');
  return id && String(id.args[0]).toUpperCase() === 'EPSG' ? Number(id.args[1]) : null;
}

/** The CRS described by a .prj (WKT); null when it is not one we recognise. */
export function crsFromWkt(text: string): Crs | null {
  const root = parseWkt(text);
  if (!root) return null;
  const code = epsgId(root);
  if (code && KNOWN.has(code)) return KNOWN.get(code)!;
  const name = norm(root.args[0]);
  if (['GEOGCS', 'GEOGCRS', 'GEODCRS'].includes(root.key)) {
    const datum = child(root, 'DATUM');
    const d = norm(datum?.args[0]);
    if (/wgs1984|wgs84/.test(d) || /wgs1984|wgs84/.test(name)) return KNOWN.get(4326)!;
    if (/rgf1993|rgf93|reseaugeodesiquefrancais1993/.test(d + name)) return KNOWN.get(4171)!;
    if (/etrs1989|etrs89|europeanterrestrialreferencesystem1989/.test(d + name)) return KNOWN.get(4258)!;
    return null;
  }
  if (!['PROJCS', 'PROJCRS'].includes(root.key)) return null;
  const base = child(root, 'GEOGCS', 'BASEGEOGCRS', 'BASEGEODCRS');
  const baseName = norm(base?.args[0]) + norm(base && child(base, 'DATUM')?.args[0]);
  const rgf93 = /rgf1993|rgf93|reseaugeodesiquefrancais1993/.test(baseName);
  const method = norm((child(root, 'PROJECTION') ?? (child(root, 'CONVERSION') && child(child(root, 'CONVERSION')!, 'METHOD')))?.args[0]);
  const params = new Map<string, number>();
  const conv = child(root, 'CONVERSION') ?? root;
  for (const p of children(conv, 'PARAMETER')) if (typeof p.args[1] === 'number') params.set(norm(p.args[0]), p.args[1]);
  const get = (...names: string[]) => names.map((n) => params.get(n)).find((v) => v !== undefined);
  if (method.includes('lambertconformalconic')) {
    const lat0 = get('latitudeoforigin', 'latitudeoffalseorigin');
    const lon0 = get('centralmeridian', 'longitudeoffalseorigin', 'longitudeoforigin');
    const sp = [get('standardparallel1', 'latitudeof1ststandardparallel'), get('standardparallel2', 'latitudeof2ndstandardparallel')];
    const x0 = get('falseeasting', 'eastingatfalseorigin'), y0 = get('falsenorthing', 'northingatfalseorigin');
    const parallels = (a: number, b: number) => (near(sp[0], a) && near(sp[1], b)) || (near(sp[0], b) && near(sp[1], a));
    if (near(lon0, 3) && near(x0, 700000) && near(y0, 6600000) && near(lat0, 46.5) && parallels(44, 49)) return KNOWN.get(2154)!;
    for (let z = 42; z <= 50; z++) {
      if (near(lon0, 3) && near(x0, 1700000) && near(y0, (z - 41) * 1e6 + 200000) && near(lat0, z) && parallels(z - 0.75, z + 0.75)) return KNOWN.get(3900 + z)!;
    }
    if (params.size === 0 && rgf93) return crsByName(name);
    return null;
  }
  if (/mercatorauxiliarysphere|popularvisualisation/.test(method) || /pseudomercator|webmercator/.test(name)) return KNOWN.get(3857)!;
  return params.size === 0 ? crsByName(name) : null;
}

function crsByName(name: string): Crs | null {
  if (/lambert93|lambert_93/.test(name)) return KNOWN.get(2154)!;
  const cc = /(?:^|[^0-9])cc(4[2-9]|50)$/.exec(name) ?? /conicconformezone(4[2-9]|50)/.exec(name);
  return cc ? KNOWN.get(3900 + Number(cc[1]))! : null;
}

/**
 * Catches the commonest CRS mistake before anything is written: projected metres declared as degrees
 * (a GeoJSON in Lambert-93 without a crs member) or degrees declared as metres.
 */
export function implausible(crs: Crs, x: number, y: number): string | null {
  const degrees = Math.abs(x) <= 180 && Math.abs(y) <= 90;
  if (crs.geographic && !degrees) {
    return `coordinates like (${x}, ${y}) are not degrees, yet the file is read as ${crs.label}` +
      ' (a GeoJSON without a "crs" member is WGS 84 by the standard): add the crs member or pass --srid';
  }
  if (!crs.geographic && degrees && crs.srid !== 3857) {
    return `coordinates like (${x}, ${y}) look like degrees, yet the file declares EPSG:${crs.srid} (${crs.label})`;
  }
  return null;
}
