// GET /api/backgrounds: the background maps configured by TERRIER_BACKGROUNDS, for the client to
// offer by name. The page never takes a tile URL or an attribution from its own address.
import { Router } from 'express';
import type { Background } from '../config.ts';
import { allow } from '../accounts/roles.ts';

export function backgroundRoutes(backgrounds: Background[]): Router {
  const r = Router();
  r.get('/api/backgrounds', allow('public'), (_req, res) => { res.json(backgrounds); });
  return r;
}

/** Where the map may load images from: the page's own origin, and the configured tile servers'. */
export function imageSources(backgrounds: Background[]): string[] {
  const origins = backgrounds.filter((b) => !b.url.startsWith('/')).map((b) => new URL(b.url.replace(/\{-?[a-z]\}/g, '0')).origin);
  return ["'self'", 'data:', 'blob:', ...new Set(origins)];
}
