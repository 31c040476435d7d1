// One error type carrying an HTTP status, one middleware writing { error: { code, message } },
// and the one place where database errors become HTTP answers.
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class AppError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(frTypography(message));
  }
}

/** French typography: a non-breaking space before : ; ? ! and » and after «, so that no line starts with one. */
export const frTypography = (text: string): string =>
  text.replace(/ ([:;?!»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');

// Every error a user can see carries a stable, fine-grained code (what a client branches on) and a
// French message (what a person reads: dates as dd/mm/yyyy, the article where there is one).
export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);

type PgError = { code?: string; message?: string; detail?: string; constraint?: string };

// knex prefixes the server's message with the SQL text ("<sql> - <message>"): never show SQL to a client.
const serverMessage = (m: string | undefined) => (m ?? '').split(' - ').pop()!.trim();

/**
 * Maps a PostgreSQL error (SQLSTATE) to the HTTP error a client can act on; null if it is a server fault.
 * Nothing of the database's own message (values, constraint and column names, SQL) reaches the client:
 * the answer is chosen by SQLSTATE alone.
 */
export function fromDatabaseError(err: unknown): AppError | null {
  const e = { ...(err as PgError), message: serverMessage((err as PgError)?.message) };
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  switch (e.code) {
    case '23505': return conflict('already_exists', 'Cet élément existe déjà.');
    case '23503': return badRequest('reference_unknown', 'La demande fait référence à un élément qui n’existe pas.');
    case '23502': return badRequest('value_missing', 'Une valeur obligatoire manque.');
    case '23514': return badRequest('value_rule_broken', 'Une valeur ne respecte pas les règles de saisie.');
    // PostgreSQL refuses U+0000 in text, and \u0000 or a lone surrogate in JSON.
    case '22021': case '22P05': return badRequest('text_invalid_character', 'Le texte contient un caractère refusé (caractère nul U+0000 ou séquence Unicode invalide).');
    case '22001': return badRequest('text_too_long', 'Un texte dépasse la longueur permise.');
    case '22003': return badRequest('number_out_of_range', 'Un nombre dépasse les limites permises.');
    case '22007': case '22008': return badRequest('date_invalid', 'Une date est invalide.');
    case '57014': // statement_timeout (PostgreSQL only): too much work asked at once, or a loaded server
      return new AppError(503, 'query_timeout', 'La requête a demandé trop de temps : réduisez la zone demandée ou réessayez plus tard.');
    case 'XX000': // PostGIS reports bad geometries (parse errors, GEOS, projection) as internal errors
      if (/geometry|geojson|GEOS|Topology|transform|project/i.test(e.message ?? '')) return badRequest('geometry_invalid', 'La géométrie est invalide ou ne peut pas être projetée.');
      return null;
    case '40001': case '40P01': return conflict('concurrent_change', 'Une autre modification a eu lieu en même temps : rechargez et réessayez.');
    default:
      // Class 22, data exceptions: a value the client sent that the database cannot take.
      if (e.code.startsWith('22')) return badRequest('value_invalid', 'Une valeur n’a pas le format attendu.');
      return null;
  }
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'route_unknown', `Aucune route ${req.method} ${req.originalUrl.split('?')[0]} : vérifiez l’adresse et la méthode.`));
};

/** A path with a broken percent-escape (the router decoding a parameter, or the tiles their layer's name). */
export const badEscape = (status = 400) => new AppError(status, 'request_invalid', 'Requête invalide : l’adresse contient un caractère mal encodé (« % » suivi de deux chiffres hexadécimaux attendu).');

export function errorMiddleware(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let e: AppError | null = err instanceof AppError ? err : fromDatabaseError(err);
    // Errors raised by express itself (the body parser, with a `type`; the router, decoding a path
    // parameter) carry a 4xx status of their own, and an English message that stays in the log.
    if (!e && typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      e = err.type === 'entity.too.large' ? new AppError(413, 'body_too_large', 'Le corps de la requête est trop volumineux pour être accepté.')
        : err.type === 'entity.parse.failed' ? new AppError(400, 'body_not_json', 'Le corps de la requête n’est pas un JSON valide.')
        : typeof err.type === 'string' ? new AppError(err.status, 'body_unreadable', 'Le corps de la requête est illisible (encodage ou jeu de caractères non pris en charge).')
        : badEscape(err.status);
    }
    if (!e) {
      log(err);
      e = new AppError(500, 'internal', 'Erreur interne du serveur : réessayez plus tard.');
    }
    const body: { code: string; message: string; details?: unknown } = { code: e.code, message: e.message };
    if (e.details !== undefined) body.details = e.details;
    res.status(e.status).json({ error: body });
  };
}
