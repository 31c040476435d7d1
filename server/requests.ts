// What every request goes through before the routes: text the database cannot store is refused
// once here, for every route, and the request log line carries no personal data.
import type { RequestHandler } from 'express';
import { badRequest } from './errors.ts';

/** Deepest nesting of a JSON body: GeoJSON MultiPolygons need 6 with their envelope; event payloads less. */
export const MAX_JSON_DEPTH = 32;

const NUL = '\u0000';
// With the u flag a surrogate pair is one code point: this matches only a lone surrogate, which has
// no UTF-8 form (a text column would get U+FFFD silently, a jsonb column refuses it).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

type Found = { nul: string } | { surrogate: string } | { tooDeep: true } | null;

const badText = (v: string, path: string): Found =>
  (v.includes(NUL) ? { nul: path } : LONE_SURROGATE.test(v) ? { surrogate: path } : null);

// Iterative, so that a body of a million '[' cannot overflow the stack here.
function inspect(root: unknown, where: string): Found {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: root, path: where, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badText(v, path);
      if (bad) return bad;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) return { tooDeep: true };
      for (const [k, child] of Object.entries(v)) {
        const p = Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`;
        const bad = badText(k, path);
        if (bad) return bad;
        stack.push({ v: child, path: p, depth: depth + 1 });
      }
    }
  }
  return null;
}

const printable = (path: string) => path.replaceAll(NUL, '\\u0000');

function refusal(found: Found, what: 'Le paramètre' | 'Le champ') {
  if (!found) return null;
  if ('tooDeep' in found) return badRequest('json_too_deep', `Le corps JSON est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux.`);
  if ('nul' in found) return badRequest('text_nul_character', `${what} ${printable(found.nul)} contient un caractère nul (U+0000), que Terrier refuse.`);
  return badRequest('text_invalid_unicode', `${what} ${printable(found.surrogate)} contient un caractère Unicode invalide (demi-paire de substitution isolée).`);
}

/**
 * PostgreSQL cannot store U+0000 in text, nor a lone UTF-16 surrogate in JSON (a search, a login,
 * an applicant's name, an event's payload would all fail in the database): refused with a 400
 * before any route reads them.
 */
export const rejectUnstorableText: RequestHandler = (req, _res, next) => {
  next(refusal(inspect(req.query, 'query'), 'Le paramètre') ?? refusal(inspect(req.body, 'body'), 'Le champ') ?? undefined);
};

/**
 * The log line of a request: method, path, status, time. Never the query string, which carries staff
 * searches (a dossier number, an applicant's name in the list filters, /api/find?q=…): a "?…" only
 * says there was one.
 */
export function logLine(method: string, originalUrl: string, status: number, ms: number): string {
  const q = originalUrl.indexOf('?');
  const path = q < 0 ? originalUrl : `${originalUrl.slice(0, q)}?…`;
  return `${method} ${path} ${status} ${ms.toFixed(1)}ms`;
}

export function requestLog(write: (line: string) => void = console.log): RequestHandler {
  return (req, res, next) => {
    const t = performance.now();
    res.on('finish', () => write(logLine(req.method, req.originalUrl, res.statusCode, performance.now() - t)));
    next();
  };
}
