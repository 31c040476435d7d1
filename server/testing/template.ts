// A migrated template database, built once per test run (and cached on disk for PGlite, keyed by
// the migrations' content): creating PGlite + PostGIS takes ~10-20 s, loading a dump ~2-6 s.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDb } from '../db.ts';
import { migrate, migrationFiles } from '../migrate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = path.join(ROOT, 'sql/migrations');

export function migrationsHash(): string {
  const h = crypto.createHash('sha256');
  const pgliteVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  h.update(pgliteVersion);
  for (const f of migrationFiles(MIGRATIONS)) h.update(f).update(fs.readFileSync(path.join(MIGRATIONS, f)));
  return h.digest('hex').slice(0, 12);
}

/** Builds (or reuses) the PGlite template dump; returns its path. */
export async function pgliteTemplate(): Promise<string> {
  const file = path.join(ROOT, '.cache', `pglite-template-${migrationsHash()}.tar.gz`);
  if (fs.existsSync(file)) return file;
  const db = await openDb({ dataDir: null });
  await migrate(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  await db.close();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return file;
}

/** Creates a migrated template database on the PostgreSQL server; returns its name. */
export async function postgresTemplate(databaseUrl: string): Promise<string> {
  const name = `terrier_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = await openDb({ databaseUrl: withDatabase(databaseUrl, name) });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    await dropDatabase(databaseUrl, name);
    throw err;
  }
  await db.close();
  return name;
}

export function withDatabase(databaseUrl: string, name: string): string {
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
