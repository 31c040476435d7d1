import type { Db } from '../db.ts';
export async function loadDemoIfEmpty(_db: Db): Promise<{ parcelles: number } | null> { return null; }
