// The published contract: /api/openapi.json is a valid OpenAPI 3.1 document, it describes every route
// the app serves with the audience the route declares, and real answers of the documented routes (on
// the demo commune, as the public and as an agent) match their schemas.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Db } from '../db.ts';
import { loadDemo } from '../demo/load.ts';
import { testDb } from '../testing/db.ts';
import { serve, type TestServer } from '../testing/http.ts';
import { listRoutes } from '../testing/routes.ts';
import { API_ROUTES, openApiPath } from './openapi.ts';

let db: Db;
let http: TestServer;
let doc: any;
let cookie = '';
const app = () => buildApp(db, { rateLimit: { publicPerMinute: 1000 } });
beforeAll(async () => {
  db = await testDb();
  await loadDemo(db);
  http = await serve(app());
  doc = (await http.get('/api/openapi.json')).body;
  const login = await http.post('/api/login', { login: 'admin', password: 'admin-demo-terrier' });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
}, 300_000);
afterAll(async () => { await http?.close(); await db?.close(); });

describe('/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, readable from another site', async () => {
    const res = await fetch(`${http.url}/api/openapi.json`, { headers: { Origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route of the app, each with the audience its allow(…) declares, and nothing else', () => {
    const served = listRoutes(app()).flatMap((r) => (r.method === 'ALL' ? ['get', 'post'] : [r.method.toLowerCase()])
      .map((m) => ({ key: `${m} ${openApiPath(r.path)}`, audience: r.audience })));
    const documented = Object.entries<any>(doc.paths).flatMap(([p, ops]) => Object.entries<any>(ops).map(([m, op]) => ({ key: `${m} ${p}`, audience: op['x-audience'] })));
    expect(documented.map((d) => d.key).sort()).toEqual(served.map((s) => s.key).sort());
    const audienceOf = Object.fromEntries(documented.map((d) => [d.key, d.audience]));
    for (const s of served) expect(audienceOf[s.key], s.key).toEqual(s.audience);
  });

  it('real answers of the documented routes match their schemas, for the public and for agents', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let checked = 0;
    for (const route of API_ROUTES) {
      if (!route.example || 'mediaType' in route.response) continue;
      const e = route.example;
      let url = route.path.replace(/:([a-z]+)/g, (_, k: string) => e.params?.[k] ?? '');
      if (e.query) url += `?${e.query}`;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(e.as ? { cookie } : {}) };
      const res = await fetch(http.url + url, { method: route.method.toUpperCase(), headers, body: e.body === undefined ? undefined : JSON.stringify(e.body) });
      const body = await res.json();
      const op = doc.paths[openApiPath(route.path)][route.method];
      const [status, answer] = Object.entries<any>(op.responses)[0]!;
      expect(res.status, `${route.method} ${url}: ${JSON.stringify(body).slice(0, 300)}`).toBe(Number(status));
      const validate = ajv.compile(answer.content['application/json'].schema);
      expect(validate(body) ? [] : validate.errors, `${route.method} ${url}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(18);
  });

  it('a public answer carrying a field outside the allow-list would not match the contract', async () => {
    const op = doc.paths['/api/public/autorisations/{number}'].get;
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(op.responses[200].content['application/json'].schema);
    const page = (await http.get('/api/public/autorisations/PC09600125X0001')).body;
    expect(validate(page)).toBe(true);
    expect(validate({ ...page, autorisation: { ...page.autorisation, nom_demandeur: 'Dupont' } })).toBe(false);
  });
});

describe('/api/docs', () => {
  it('is a readable page served with its own copy of Swagger UI, opening /api/openapi.json', async () => {
    const page = await fetch(`${http.url}/api/docs`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.every((a) => a.startsWith('/api/docs/'))).toBe(true);
    for (const a of assets) expect((await fetch(http.url + a)).status, a).toBe(200);
    expect(await (await fetch(`${http.url}/api/docs/start.js`)).text()).toContain("url: '/api/openapi.json'");
  });
});
