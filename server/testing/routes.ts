// Reads the routes back from an Express app, with the audience each declares through allow(…).
import type { Express } from 'express';
import { isGuard } from '../accounts/roles.ts';
import type { ServedRoute } from '../contract/route.ts';

type Layer = { route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] }; handle?: { stack?: Layer[]; routes?: ServedRoute[] } };

export function listRoutes(app: Express): ServedRoute[] {
  const out: ServedRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const guard = layer.route.stack.map((s) => s.handle).find(isGuard);
        for (const m of Object.keys(layer.route.methods)) {
          out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: layer.route.path, audience: guard ? guard.audience : null });
        }
      } else if (layer.handle?.routes) {
        out.push(...layer.handle.routes); // a middleware that serves routes of its own (server/tiles/routes.ts)
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}
