// Typed access to the Terrier HTTP API (same origin: Express in production, Vite's proxy in dev).
import type { z } from 'zod';
import type { Background } from '../server/config.ts';
import type { Commune as CommuneSchema, Health as HealthSchema, LayerInfo as LayerInfoSchema } from '../server/layers/api.ts';

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

// The answers' shapes are the server's contract (type-only imports: no zod in the bundle).
export type Commune = z.output<typeof CommuneSchema>;
export type Health = z.output<typeof HealthSchema>;
export type LayerInfo = z.output<typeof LayerInfoSchema>;

/** An API answer that is not 2xx: code is the server's stable code (what to branch on), message its French text or a French fallback. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to tell a person about a failed request: the server's French message, never a browser's English one. */
export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : 'le serveur ne répond pas, réessayez';
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code, err?.message ?? `Erreur ${res.status} du serveur sur ${path}`);
  }
  return body as T;
}

// The session's CSRF token (from POST /api/login or GET /api/me, set by the desk): the server refuses
// a write that carries the session cookie without it, even to a public route such as /api/checks.
let csrfToken = '';
export const setCsrfToken = (t: string) => { csrfToken = t; };
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export const api = {
  communes: () => getJson<Commune[]>('/api/communes'),
  health: () => getJson<Health>('/api/health'),
  layers: () => getJson<LayerInfo[]>('/api/layers'),
  backgrounds: () => getJson<Background[]>('/api/backgrounds'),
};

/** A WGS84 bbox as a query parameter (6 decimals ≈ 0.1 m is plenty). */
export function bboxParam(bbox: Bbox): string {
  return bbox.map((v) => v.toFixed(6)).join(',');
}
