// Test helpers of the documents: an app serving the dossier and document routes with a fixed
// "today", logged-in clients that read PDFs as bytes (openDocumentWorld: the small commune's staff),
// and poppler's pdftotext to read them back.
import { execFileSync } from 'node:child_process';
import express from 'express';
import { accountRoutes } from '../accounts/routes.ts';
import { DEFAULT_SESSION_OPTIONS, sessionMiddleware } from '../accounts/sessions.ts';
import { parseConfig, type DocumentSettings } from '../config.ts';
import type { Db } from '../db.ts';
import { dossierRoutes } from '../dossiers/routes.ts';
import { PASSWORD, openWorld, type Clock } from '../dossiers/testing.ts';
import { errorMiddleware, notFoundRoute } from '../errors.ts';
import type { TestServer } from '../testing/http.ts';
import { loginLimiter } from '../ratelimit.ts';
import { documentRoutes } from './routes.ts';

export const settings = (over: Partial<DocumentSettings> = {}): DocumentSettings => ({ ...parseConfig({}).documents, ...over });

export function documentApp(db: Db, clock: Clock, docs: DocumentSettings = settings()) {
  const app = express();
  app.use(express.json());
  app.use(sessionMiddleware(db.knex, DEFAULT_SESSION_OPTIONS));
  app.use(accountRoutes(db.knex, DEFAULT_SESSION_OPTIONS, loginLimiter(parseConfig({}).rateLimit)));
  app.use(dossierRoutes(db.knex, parseConfig({}).check, { today: () => clock.today }));
  app.use(documentRoutes(db.knex, docs, parseConfig({}).check, { today: () => clock.today }));
  app.use(notFoundRoute);
  app.use(errorMiddleware((err) => console.error(err)));
  return app;
}

export type Res = { status: number; body: any; bytes: Buffer; type: string | null };
export type Client = {
  get: (path: string) => Promise<Res>;
  post: (path: string, body: unknown, contentType?: string) => Promise<Res>;
};

export async function loginAs(http: TestServer, login: string | null): Promise<Client> {
  let headers: Record<string, string> = {};
  if (login) {
    const res = await http.post('/api/login', { login, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
    headers = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': res.body.csrfToken as string };
  }
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Res> => {
    const r = await fetch(http.url + path, {
      method, headers: { ...headers, 'content-type': contentType },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const bytes = Buffer.from(await r.arrayBuffer());
    const type = r.headers.get('content-type');
    let parsed: any = null;
    if (type?.includes('json')) parsed = JSON.parse(bytes.toString('utf8'));
    return { status: r.status, body: parsed, bytes, type };
  };
  return { get: (p) => call('GET', p), post: (p, b, t) => call('POST', p, b, t) };
}

/** The document routes' world: openWorld with clients that read PDFs. */
export const openDocumentWorld = (clock: Clock) => openWorld(clock, documentApp, loginAs);

/** The PDF's text as poppler reads it, with its pages (form feeds) and spaces made plain. */
export function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8').replace(/\u00a0/g, ' ');
}

/** The text as one line: what a sentence cut over lines reads as. */
export const flat = (text: string) => text.replace(/\f/g, ' ').replace(/\s+/g, ' ');

export const pageCount = (bytes: Buffer) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: bytes }).toString())?.[1]);
