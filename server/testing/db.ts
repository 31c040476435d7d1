// A fresh, migrated, empty database for one test file: PGlite loaded from the template dump, or a
// PostgreSQL database cloned from the template database. Close it in afterAll.
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db } from '../db.ts';
import { dropDatabase, withDatabase } from './template.ts';

let counter = 0;

export async function testDb(): Promise<Db> {
  const t = inject('template');
  if (t.engine === 'pglite') {
    const blob = new Blob([fs.readFileSync(t.file)]);
    return openDb({ dataDir: null, loadDataDir: blob });
  }
  const name = `terrier_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: t.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${t.name}`);
  } finally {
    await admin.end();
  }
  const db = await openDb({ databaseUrl: withDatabase(t.databaseUrl, name), pool: { min: 0, max: 4 } });
  const close = db.close;
  return { ...db, close: async () => { await close(); await dropDatabase(t.databaseUrl, name); } };
}
