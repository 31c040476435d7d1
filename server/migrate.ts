// Forward-only plain-SQL migrations from sql/migrations, each applied in its own transaction and
// recorded in schema_migrations. The same files run unchanged on PGlite and on PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../sql/migrations');

export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/** Applies the migrations not yet recorded; returns the names applied. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.knex.raw(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.knex('schema_migrations').pluck('name')) as string[]);
  const applied: string[] = [];
  for (const name of migrationFiles(dir)) {
    if (done.has(name)) continue;
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    await db.knex.transaction(async (trx) => {
      await db.execScript(trx, sql);
      await trx('schema_migrations').insert({ name });
    });
    applied.push(name);
  }
  return applied;
}
