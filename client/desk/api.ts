// The staff side of the HTTP API: the session (login, logout, /api/me and its CSRF token) and the
// dossiers. Every write sends the X-CSRF-Token; a 401 on a call made while logged in means the
// session expired, which the desk is told through onExpired.
import type { z } from 'zod';
import type { User as UserSchema } from '../../server/accounts/api.ts';
import type { AssignBody, EventBody as EventSchema, FilingBody as FilingSchema, Instructeur as InstructeurSchema, Note as NoteSchema, Person } from '../../server/dossiers/api.ts';
import { ApiError, csrfHeaders, setCsrfToken } from '../api.ts';

// The shapes the server's contract declares (its zod schemas, type-only imports): not copied here.
export type User = z.output<typeof UserSchema>;
export type InCharge = z.output<typeof Person>;
export type Instructeur = z.output<typeof InstructeurSchema>;
export type Note = z.output<typeof NoteSchema>;
/** What an event is posted with (POST /api/dossiers/:id/events). */
export type EventBody = z.input<typeof EventSchema>;
/**
 * A body's type where a field that may be undefined may be left out (JSON drops it anyway): the filing's
 * fields that depend on the type (parentId, applicant, works.description…) are schemas chosen at run
 * time, which zod's input type makes required keys of type `… | undefined`.
 */
type Omissible<T> = T extends readonly unknown[] ? T : T extends object
  ? { [K in keyof T as undefined extends T[K] ? K : never]?: Omissible<T[K]> } & { [K in keyof T as undefined extends T[K] ? never : K]: Omissible<T[K]> }
  : T;
/** What a dossier is filed with (POST /api/dossiers): what the contract accepts of some type. */
export type FilingBody = Omissible<z.input<typeof FilingSchema>>;

export type Due = { event: string; on: string };
export type ListItem = {
  id: number; number: string; type: string; parentId: number | null; state: string; stateLabel: string; insee: string;
  parcels: string[]; filedOn: string; applicantName: string | null; decisionDeadline: string | null; version: number; nextDue: Due | null;
  /** Who is in charge (absent for élus). */
  instructeur?: InCharge | null;
};
export type HistoryEntry = { version: number; event: string; on: string; recordedAt: string; actor?: string; actorName?: string | null; role: string;
  payload?: Record<string, unknown>; from: string | null; fromLabel: string | null; to: string; toLabel: string };
export type Silence = { meaning: string; label: string; articles: string[] };
export type Consultation = { id: number; service: string; sentOn: string; months: number; article: string; lastDay: string;
  avisConforme: boolean; opinion: string | null; opinionOn?: string | null; tacit?: boolean };
export type Decision = { kind: string | null; outcome: string; tacit: boolean; on: string; signedOn?: string | null; label?: string; article?: string };
export type Majoration = { article: string; months: number; mode: 'add' | 'set' };
export type JournalEntry = { version: number; event: string; on: string; actor: string; role: string; payload: Record<string, unknown> | null;
  from: string | null; to: string; recordedAt: string };
export type Dossier = {
  id: number; number: string; type: string; typeLabel: string; state: string; stateLabel: string; version: number; insee: string;
  parcels: string[]; filedOn: string; parent: { id: number; number: string } | null;
  children: { id: number; number: string; type: string; state: string; filedOn: string }[];
  applicant: Record<string, any> | null; works: Record<string, any>;
  /** The short public description (client/publication/staff.ts), null until staff write one. */
  objetAffiche?: string | null;
  receipt: { number: string; filedOn: string; baseDelay?: { months: number; article: string } | null; decisionDeadline?: string | null;
    silence?: Silence | null; completenessLastDay?: string | null } & Record<string, unknown>;
  baseDelay: { months: number; article: string } | null; delayMonths: number | null; majorations: Majoration[]; suggestedMajorations: Majoration[];
  prolongations?: { on: string; article: string; months: number; from?: string | null }[];
  decisionDeadline: string | null; tacitOn: string | null; silence: Silence | null;
  completeness: { requestedOn?: string | null; missing: string[]; received?: string[]; completeOn: string | null; lastDayToRequest: string | null; piecesLastDay: string | null };
  majorationLastDay: string | null;
  /** R423-6: the avis de dépôt displayed at the mairie within 15 days (absent from older servers). */
  filingNotice?: { lastDay: string | null; displayedOn: string | null };
  consultations: Consultation[]; suggestedConsultations: { service: string; article: string }[];
  proposal: { decision: string; on: string; motifs?: string | null; prescriptions?: string | null } | null;
  signedOn: string | null;
  decision: Decision | null;
  /** R423-20: the receipt of the commissaire enquêteur's report (absent from older servers). */
  inquiryReportOn?: string | null;
  /** L243-1 CRPA: the tacit refusal an express grant abrogated (absent from older servers). */
  abrogatedTacitRefusal?: Decision | null;
  /** L410-1: the certificat d'urbanisme the application refers to, its rules cristallisées (absent from older servers). */
  certificate?: { id: number; number: string; type: string; deliveredOn: string; validityEnd: string } | null;
  afterDecision: Record<string, any>;
  constraints: Record<string, any> | null;
  allowedEvents: string[];
  /** The actions offered to the user's role (server/dossiers/available.ts). */
  actions?: Offer[];
  due: { event: string; on: string; payload?: Record<string, unknown> }[];
  journal: JournalEntry[];
  /** Who is in charge (client/desk/assignment.ts); absent for élus. */
  instructeur?: InCharge | null;
};
/** An action offered: enabled, or disabled with the engine's reason; withoutEffect: recorded without legal effect, why. */
export type Offer = { event: string; label: string; enabled: boolean; reason?: string; code?: string; withoutEffect?: string };

let onExpired: () => void = () => {};
let loggedIn = false;

/** Called when a request made with a session gets a 401: the session ended on the server. */
export function setExpiredHandler(fn: () => void): void { onExpired = fn; }

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') Object.assign(headers, csrfHeaders());
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, credentials: 'same-origin' });
  const text = await res.text();
  let parsed: unknown = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401 && loggedIn && path !== '/api/login') { loggedIn = false; setCsrfToken(''); onExpired(); }
    throw new ApiError(res.status, err?.code, err?.message ?? `Erreur ${res.status} du serveur sur ${path}`);
  }
  return parsed as T;
}

export const staffApi = {
  /** The logged-in user, or null (a 401 here is simply "not logged in"). */
  async me(): Promise<User | null> {
    const res = await fetch('/api/me', { headers: { accept: 'application/json' } });
    if (res.status === 401) return null;
    if (!res.ok) throw new ApiError(res.status, undefined, `Erreur ${res.status} du serveur sur /api/me`);
    const body = await res.json() as { user: User; csrfToken: string };
    setCsrfToken(body.csrfToken);
    loggedIn = true;
    return body.user;
  },
  async login(login: string, password: string): Promise<User> {
    const body = await call<{ user: User; csrfToken: string }>('POST', '/api/login', { login, password });
    setCsrfToken(body.csrfToken);
    loggedIn = true;
    return body.user;
  },
  async logout(): Promise<void> {
    try { await call('POST', '/api/logout', {}); } finally { setCsrfToken(''); loggedIn = false; }
  },
  list: (query: string, signal?: AbortSignal) => call<{ items: ListItem[]; next: string | null }>('GET', `/api/dossiers?${query}`, undefined, signal),
  dossier: (id: number) => call<Dossier>('GET', `/api/dossiers/${id}`),
  parcels: (id: number) => call<GeoJSON>('GET', `/api/dossiers/${id}/parcels`),
  file: (body: FilingBody) => call<Dossier>('POST', '/api/dossiers', body),
  event: (id: number, body: EventBody) => call<Dossier>('POST', `/api/dossiers/${id}/events`, body),
  instructeurs: () => call<Instructeur[]>('GET', '/api/instructeurs'),
  assign: (id: number, body: z.input<typeof AssignBody>) => call<Dossier>('PATCH', `/api/dossiers/${id}/instructeur`, body),
  notes: (id: number) => call<Note[]>('GET', `/api/dossiers/${id}/notes`),
  addNote: (id: number, body: string) => call<Note>('POST', `/api/dossiers/${id}/notes`, { body }),
  journal: (id: number) => call<HistoryEntry[]>('GET', `/api/dossiers/${id}/journal`),
};

export type GeoJSON = { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }[] };
