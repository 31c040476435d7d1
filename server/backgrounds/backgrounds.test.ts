// The configured background maps are served to the page, and images are allowed from their servers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db.ts';
import { buildApp } from '../app.ts';
import { parseConfig } from '../config.ts';
import { testDb } from '../testing/db.ts';
import { serve } from '../testing/http.ts';

let db: Db;
beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

const { backgrounds } = parseConfig({ TERRIER_BACKGROUNDS: JSON.stringify([
  { name: 'plan', title: 'Plan', url: 'https://tiles.example.org/plan/{z}/{x}/{y}.png', attribution: '© Exemple' },
  { name: 'ortho', url: 'https://tiles.example.org:8443/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}' },
  { name: 'local', url: '/fonds/{z}/{x}/{y}.png' },
]) });

describe('GET /api/backgrounds', () => {
  it('lists the configured sources, and the CSP allows images from their servers and no other', async () => {
    const http = await serve(buildApp(db, { backgrounds }));
    try {
      const res = await http.get('/api/backgrounds');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(backgrounds);
      const imgSrc = /img-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
      expect(imgSrc).toBe("'self' data: blob: https://tiles.example.org https://tiles.example.org:8443");
    } finally {
      await http.close();
    }
  });

  it('is an empty list by default, and images come from the page itself only', async () => {
    const http = await serve(buildApp(db));
    try {
      const res = await http.get('/api/backgrounds');
      expect(res.body).toEqual([]);
      expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob:;/);
    } finally {
      await http.close();
    }
  });
});
