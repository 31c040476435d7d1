// One error type carrying an HTTP status, one middleware writing { error: { code, message } },
// and the one place where database errors become HTTP answers.
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class AppError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

// Every error a user can see carries a stable, fine-grained code (what a client branches on) and a
// French message (what a person reads: dates as dd/mm/yyyy, the article where there is one).
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

type PgError = { code?: string; message?: string; detail?: string; constraint?: string };

// knex prefixes the server's message with the SQL text ("<sql> - <message>"): never show SQL to a client.
const serverMessage = (m: string | undefined) => (m ?? '').split(' - ').pop()!.trim();

/** Maps a PostgreSQL error (SQLSTATE) to the HTTP error a client can act on; null if it is a server fault. */
export function fromDatabaseError(err: unknown): AppError | null {
  const e = { ...(err as PgError), message: serverMessage((err as PgError)?.message) };
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  switch (e.code) {
    case '23505': return conflict('conflict', `already exists${e.detail ? `: ${e.detail}` : ''}`);
    case '23503': return badRequest('bad_request', `refers to something that does not exist${e.detail ? `: ${e.detail}` : ''}`);
    case '23502': return badRequest('bad_request', `a required value is missing${e.message ? `: ${e.message}` : ''}`);
    case '23514': return badRequest('bad_request', `a value breaks the rule ${e.constraint ?? ''}`.trim());
    case '22P02': case '22007': case '22008': case '22003': case '22001':
      return badRequest('bad_request', `invalid value: ${e.message}`);
    case 'XX000': // PostGIS reports bad geometries (parse errors, GEOS) as internal errors
      if (/geometry|geojson|GEOS|Topology/i.test(e.message ?? '')) return badRequest('bad_request', `invalid geometry: ${e.message}`);
      return null;
    case '40001': case '40P01': return conflict('conflict', 'concurrent change, try again');
    default: return null;
  }
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`));
};

export function errorMiddleware(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let e: AppError | null = err instanceof AppError ? err : fromDatabaseError(err);
    // Errors raised by express's own body parser carry a 4xx status of their own.
    if (!e && typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      e = new AppError(err.status, err.type === 'entity.too.large' ? 'too_large' : 'bad_request',
        err.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : String(err.message));
    }
    if (!e) {
      log(err);
      e = new AppError(500, 'internal', 'internal server error');
    }
    const body: { code: string; message: string; details?: unknown } = { code: e.code, message: e.message };
    if (e.details !== undefined) body.details = e.details;
    res.status(e.status).json({ error: body });
  };
}
