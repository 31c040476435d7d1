import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db.ts';
import { testDb } from './testing/db.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db.close(); });

describe('the database module', () => {
  it('a GEOS failure (a bow-tie intersected) is an error on both engines, never a silently empty answer', async () => {
    const sql = `SELECT ST_Area(ST_Intersection(
      ST_GeomFromText('POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))'),
      ST_GeomFromText('POLYGON((0 0, 5 0, 5 5, 0 5, 0 0))'))) AS a`;
    await expect(db.knex.raw(sql)).rejects.toThrow(/TopologyException|no columns/);
    // The connection is still usable afterwards.
    expect((await db.knex.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('a GEOS failure inside a transaction is an error too, and the transaction can roll back to a savepoint and go on', async () => {
    const sql = `SELECT ST_Area(ST_Intersection(
      ST_GeomFromText('POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))'),
      ST_GeomFromText('POLYGON((0 0, 5 0, 5 5, 0 5, 0 0))'))) AS a`;
    await db.knex.transaction(async (trx) => {
      await expect(trx.transaction((sp) => sp.raw(sql))).rejects.toThrow(/TopologyException|no columns/);
      expect((await trx.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('dates come back as YYYY-MM-DD strings and counts as numbers, on both engines', async () => {
    const { rows } = await db.knex.raw(`SELECT DATE '2026-01-31' AS d, count(*) AS n, 1.5::numeric AS x FROM generate_series(1, 3)`);
    expect(rows).toEqual([{ d: '2026-01-31', n: 3, x: 1.5 }]);
  });

  it('a multi-statement script runs inside the transaction it is given, and rolls back with it', async () => {
    await expect(db.knex.transaction(async (trx) => {
      await db.execScript(trx, `INSERT INTO settings VALUES ('a', '1'); INSERT INTO settings VALUES ('b', '2');`);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect((await db.knex('settings').whereIn('key', ['a', 'b'])).length).toBe(0);
  });
});
