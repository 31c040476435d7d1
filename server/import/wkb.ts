// GeoJSON geometry → 2D little-endian WKB, hex-encoded. PostGIS reads WKB several times faster than
// it parses GeoJSON, and the database is the bottleneck of an import; Z is dropped here (the columns
// are 2D). Rings left open by the source are closed, since the WKB reader refuses them.

const TYPES: Record<string, number> = {
  Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7,
};

type Pos = number[];
type G = { type: string; coordinates?: unknown; geometries?: G[] };

function size(g: G): number {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point': return 5 + 16;
    case 'LineString': return 9 + 16 * (c as Pos[]).length;
    case 'Polygon': return 9 + (c as Pos[][]).reduce((s, r) => s + 4 + 16 * ringLength(r), 0);
    case 'MultiPoint': return 9 + (c as Pos[]).length * 21;
    case 'MultiLineString': return 9 + (c as Pos[][]).reduce((s, l) => s + 9 + 16 * l.length, 0);
    case 'MultiPolygon': return 9 + (c as Pos[][][]).reduce((s, p) => s + size({ type: 'Polygon', coordinates: p }), 0);
    default: return 9 + (g.geometries ?? []).reduce((s, x) => s + size(x), 0);
  }
}

const closed = (r: Pos[]) => r.length > 0 && r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1];
const ringLength = (r: Pos[]) => (closed(r) ? r.length : r.length + 1);

/** Hex WKB of a GeoJSON geometry whose shape has been checked (see geometryShape). */
export function toWkbHex(geometry: unknown): string {
  const g = geometry as G;
  const buf = Buffer.allocUnsafe(size(g));
  let o = 0;
  const header = (type: number) => { buf.writeUInt8(1, o); buf.writeUInt32LE(type, o + 1); o += 5; };
  const pos = (p: Pos) => { buf.writeDoubleLE(p[0]!, o); buf.writeDoubleLE(p[1]!, o + 8); o += 16; };
  const points = (ps: Pos[]) => { buf.writeUInt32LE(ps.length, o); o += 4; ps.forEach(pos); };
  const ring = (r: Pos[]) => {
    buf.writeUInt32LE(ringLength(r), o); o += 4;
    r.forEach(pos);
    if (!closed(r)) pos(r[0]!);
  };
  const write = (x: G) => {
    const c = x.coordinates as never;
    header(TYPES[x.type]!);
    switch (x.type) {
      case 'Point': pos(c); break;
      case 'LineString': points(c); break;
      case 'Polygon': buf.writeUInt32LE((c as Pos[][]).length, o); o += 4; (c as Pos[][]).forEach(ring); break;
      case 'MultiPoint': buf.writeUInt32LE((c as Pos[]).length, o); o += 4; (c as Pos[]).forEach((p) => write({ type: 'Point', coordinates: p })); break;
      case 'MultiLineString': buf.writeUInt32LE((c as Pos[][]).length, o); o += 4; (c as Pos[][]).forEach((l) => write({ type: 'LineString', coordinates: l })); break;
      case 'MultiPolygon': buf.writeUInt32LE((c as Pos[][][]).length, o); o += 4; (c as Pos[][][]).forEach((p) => write({ type: 'Polygon', coordinates: p })); break;
      default: buf.writeUInt32LE((x.geometries ?? []).length, o); o += 4; (x.geometries ?? []).forEach(write);
    }
  };
  write(g);
  return buf.toString('hex');
}
