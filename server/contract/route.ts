// How a domain describes its routes for the published contract (/api/openapi.json): one entry per
// route, with the zod schemas of what it reads and answers. The same schemas validate requests where a
// domain has moved its validation onto them (checks, login), so the contract cannot drift from the code.
import type { z } from 'zod';
import type { Audience } from '../accounts/roles.ts';

export type ApiRoute = {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express form, /api/dossiers/:id: the contract test matches it with the app's routes. */
  path: string;
  summary: string;
  description?: string;
  audience: readonly Audience[];
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A JSON answer's schema, or the media type of a non-JSON answer (PDF, CSV, tiles). */
  response: z.ZodType | { mediaType: string; description: string };
  /** Error codes the route may answer with besides the common ones (docs/api.md tables them). */
  errors?: readonly number[];
  /** A request the contract test sends to check the real answer against the schema. */
  example?: { query?: string; params?: Record<string, string>; body?: unknown; as?: 'admin' };
};

/**
 * A route as the app serves it: Express routes are read back from the router (server/testing/routes.ts);
 * a middleware that serves a route of its own outside the router (the tiles) declares it in this form.
 */
export type ServedRoute = { method: string; path: string; audience: readonly Audience[] | null };
