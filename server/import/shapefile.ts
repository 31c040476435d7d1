// Reads ESRI shapefiles (.shp + .dbf, with .prj for the CRS and .cpg for the encoding) and bare
// .dbf tables record by record through the shapefile package, fed with streams so that the same code
// reads from disk and from inside a zip.
import * as shapefile from 'shapefile';
import { readAll, type Source } from './files.ts';

export type Record_ = { properties: Record<string, unknown>; geometry: unknown };

const ENCODINGS: [RegExp, string][] = [
  [/^(utf-?8|65001)$/i, 'utf-8'],
  [/^((ansi|cp|windows-?)?\s*1252|ansi)$/i, 'windows-1252'],
  [/^(iso-?8859-?1|88591|latin-?1)$/i, 'latin1'],
  [/^(iso-?8859-?15|885915|latin-?9)$/i, 'iso-8859-15'],
];

/**
 * The text encoding of a .dbf: the .cpg when there is one; otherwise UTF-8 if the first megabyte is
 * valid UTF-8 with accents in it (CNIG 2014 deliveries are often UTF-8 without a .cpg, and Windows-1252
 * accented text is almost never valid UTF-8), else Windows-1252, the dBase default.
 */
export async function dbfEncoding(dbf: Source): Promise<string> {
  const cpg = dbf.sibling('cpg');
  if (cpg) {
    const name = (await readAll(cpg, 200)).toString('latin1').trim();
    const hit = ENCODINGS.find(([re]) => re.test(name));
    if (hit) return hit[1];
  }
  const sample = await readAll(dbf, 1 << 20);
  const headerLength = sample.readUInt16LE(8);
  const body = sample.subarray(Math.min(headerLength, sample.length));
  if (!body.some((b) => b >= 0x80)) return 'windows-1252';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * The record count a .dbf header announces, after checking the file is as long as the header says:
 * the shapefile package stops quietly at the end of a truncated file.
 */
export async function dbfRecordCount(dbf: Source): Promise<number> {
  const head = await readAll(dbf, 32);
  if (head.length < 32 || ![0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x43, 0x63, 0x83, 0x8b, 0x8e, 0xcb, 0xf5, 0xfb].includes(head[0]!)) {
    throw new Error(`${dbf.name} is not a dBase (.dbf) table`);
  }
  const records = head.readUInt32LE(4), headerLength = head.readUInt16LE(8), recordLength = head.readUInt16LE(10);
  const expected = headerLength + records * recordLength;
  if (dbf.size < expected) {
    throw new Error(`${dbf.name} is ${dbf.size} bytes where its header announces ${records} records (${expected} bytes): truncated file?`);
  }
  return records;
}

/** Checks a .shp is as long as its header says (file length in 16-bit words, big-endian). */
async function checkShpLength(shp: Source): Promise<void> {
  const head = await readAll(shp, 100);
  if (head.length < 100 || head.readInt32BE(0) !== 9994) throw new Error(`${shp.name} is not an ESRI shapefile (.shp)`);
  const expected = head.readInt32BE(24) * 2;
  if (shp.size < expected) throw new Error(`${shp.name} is ${shp.size} bytes where its header announces ${expected}: truncated file?`);
}

/** Fields of type D come back as local-time Dates; CNIG wants YYYYMMDD strings. */
function plain(props: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(props)) {
    if (v instanceof Date) {
      props[k] = Number.isNaN(v.getTime()) ? null
        : `${v.getFullYear()}${String(v.getMonth() + 1).padStart(2, '0')}${String(v.getDate()).padStart(2, '0')}`;
    }
  }
  return props;
}

export async function* readShapefile(shp: Source | null, dbf: Source | null): AsyncGenerator<Record_> {
  const encoding = dbf ? await dbfEncoding(dbf) : 'windows-1252';
  const expected = dbf ? await dbfRecordCount(dbf) : null;
  let count = 0;
  if (shp) {
    await checkShpLength(shp);
    const source = await shapefile.open(await shp.open(), dbf ? await dbf.open() : undefined, { encoding });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      count++;
      if (dbf && !r.value.properties) throw new Error(`${dbf.name} has fewer records than ${shp.name}`);
      yield { properties: plain({ ...(r.value.properties ?? {}) }), geometry: r.value.geometry };
    }
  } else if (dbf) {
    const source = await shapefile.openDbf(await dbf.open(), { encoding });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      count++;
      yield { properties: plain({ ...r.value }), geometry: null };
    }
  }
  if (expected !== null && count !== expected) {
    throw new Error(`holds ${count} records where its header announces ${expected} (truncated or damaged file?)`);
  }
}
