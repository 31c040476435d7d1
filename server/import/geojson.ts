// Streams the items of a GeoJSON FeatureCollection's "features" array (or of a top-level JSON array,
// as tables without geometry are often published) one at a time, with flat memory whatever the size.
//
// Why not stream-json's token pipeline: on a real Etalab parcelles file it parses ~6 MB/s, so a
// département (1 GB) would spend almost three minutes tokenising. Here a byte scanner only finds where
// each feature starts and ends (depth, strings, escapes) and hands the slice to the native JSON.parse:
// ~70 MB/s, same memory profile (one feature plus one read chunk).

/** Members of the root object other than "features" (type, name, crs…), filled in as they are read. */
export type JsonHeader = Record<string, unknown>;

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);
const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d, COMMA = 0x2c, COLON = 0x3a;

type State = 'start' | 'key' | 'colon' | 'value' | 'items' | 'done';

export async function* readJsonItems(chunks: AsyncIterable<Buffer>, header: JsonHeader): AsyncGenerator<unknown> {
  let state: State = 'start';
  let rootArray = false, sawFeatures = false, count = 0;
  let key = '';
  // The value being captured: its pieces from earlier chunks, where it starts in this chunk, and
  // the scanner's position inside it.
  let parts: Buffer[] = [], from = -1, depth = 0, inString = false, escaped = false, scalar = false;
  let target = 'item' as 'key' | 'member' | 'item';
  let first = true;

  const finish = (buf: Buffer, end: number): unknown => {
    const slice = buf.subarray(from, end);
    const text = parts.length ? Buffer.concat([...parts, slice]).toString('utf8') : slice.toString('utf8');
    parts = []; from = -1;
    try {
      return JSON.parse(text);
    } catch (err) {
      const what = target === 'item' ? `item #${count + 1}` : target === 'key' ? 'a member name' : `member "${key}"`;
      throw new Error(`invalid JSON in ${what}: ${(err as Error).message}`);
    }
  };

  for await (const chunk of chunks) {
    let buf = chunk;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const n = buf.length;
    let i = 0;
    if (from >= 0) from = 0; // a value continues from the previous chunk
    while (i < n) {
      if (from >= 0) {
        // Inside a value: find where it ends.
        for (; i < n; i++) {
          const c = buf[i]!;
          if (inString) {
            if (escaped) escaped = false;
            else if (c === BACKSLASH) escaped = true;
            else if (c === QUOTE) { inString = false; if (depth === 0 && !scalar) { i++; break; } }
          } else if (scalar) {
            if (c === COMMA || c === RBRACE || c === RBRACKET || WS.has(c)) break;
          } else if (c === QUOTE) inString = true;
          else if (c === LBRACE || c === LBRACKET) depth++;
          else if (c === RBRACE || c === RBRACKET) { if (--depth === 0) { i++; break; } }
        }
        const complete = scalar ? i < n : depth === 0 && !inString;
        if (!complete) break;
        const value = finish(buf, i);
        if (target === 'key') { key = String(value); state = 'colon'; }
        else if (target === 'member') { header[key] = value; state = 'key'; }
        else { count++; yield value; }
        continue;
      }
      const c = buf[i]!;
      if (WS.has(c)) { i++; continue; }
      const begin = (t: typeof target) => {
        target = t; from = i; parts = []; depth = 0; escaped = false;
        inString = c === QUOTE;
        scalar = c !== QUOTE && c !== LBRACE && c !== LBRACKET;
        if (!inString && !scalar) depth = 1;
        i++;
      };
      switch (state) {
        case 'start':
          if (c === LBRACE) state = 'key';
          else if (c === LBRACKET) { rootArray = true; state = 'items'; }
          else throw new Error(`is not JSON (it starts with ${JSON.stringify(String.fromCharCode(c))})`);
          i++;
          break;
        case 'key':
          if (c === COMMA) i++;
          else if (c === RBRACE) { state = 'done'; i++; }
          else if (c === QUOTE) begin('key');
          else throw new Error(`unexpected ${JSON.stringify(String.fromCharCode(c))} where a member name was expected`);
          break;
        case 'colon':
          if (c !== COLON) throw new Error(`expected ":" after "${key}"`);
          state = 'value'; i++;
          break;
        case 'value':
          if (key === 'features' && c === LBRACKET) { sawFeatures = true; state = 'items'; i++; }
          else begin('member');
          break;
        case 'items':
          if (c === COMMA) i++;
          else if (c === RBRACKET) { state = rootArray ? 'done' : 'key'; i++; }
          else begin('item');
          break;
        case 'done':
          throw new Error('has data after the end of the JSON document');
      }
    }
    if (from >= 0) { parts.push(buf.subarray(from)); }
  }
  if (state !== 'done') {
    const where = state === 'items' ? `inside the ${rootArray ? 'array' : '"features" array'} after ${count} complete items` : 'before the end of the document';
    throw new Error(`ends unexpectedly ${where} (truncated file?)`);
  }
  if (!rootArray && !sawFeatures) {
    if (header.type === 'Feature') { yield { ...header }; return; }
    throw new Error(`has no "features" array (type ${JSON.stringify(header.type ?? null)}): not a FeatureCollection`);
  }
}
