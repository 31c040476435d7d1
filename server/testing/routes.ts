// Reads the routes back from an Express app, with the audience each declares through allow(…).
import type { Express } from 'express';
import { isGuard, type Audience } from '../accounts/roles.ts';

export type RouteInfo = { method: string; path: string; audience: readonly Audience[] | null };

type Layer = { route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] }; handle?: { stack?: Layer[] } };

export function listRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const guard = layer.route.stack.map((s) => s.handle).find(isGuard);
        for (const m of Object.keys(layer.route.methods)) {
          out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: layer.route.path, audience: guard ? guard.audience : null });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
