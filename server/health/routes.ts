// GET /api/health: is the server up and its database answering. The public learns only that; the
// engine, PostGIS version and parcel count are for an admin or an internal check (a monitoring probe
// on the same machine, not relayed by a proxy).
import { Router, type Request } from 'express';
import type { Db } from '../db.ts';
import { allow } from '../accounts/roles.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A request from this machine that no proxy relayed: the socket's peer, never X-Forwarded-For. */
export function isInternal(req: Request): boolean {
  const relayed = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined || req.get('x-real-ip') !== undefined;
  return !relayed && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

export function healthRoutes(db: Db, log: (err: unknown) => void = console.error): Router {
  const r = Router();
  r.get('/api/health', allow('public'), async (req, res) => {
    const details = req.user?.role === 'admin' || isInternal(req);
    try {
      if (!details) {
        await db.knex.raw('SELECT 1');
        return void res.json({ status: 'ok' });
      }
      const { rows } = await db.knex.raw(
        `SELECT postgis_lib_version() AS postgis, (SELECT count(*)::int FROM cadastre_parcelles) AS parcels`);
      res.json({ status: 'ok', database: db.engine, postgis: rows[0].postgis, parcels: rows[0].parcels });
    } catch (err) {
      // Why the database does not answer is for the server's log, not for the caller.
      log(err);
      res.status(503).json({ status: 'unavailable' });
    }
  });
  return r;
}
