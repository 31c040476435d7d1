// The documents of a dossier page: the list of documents generated (each a PDF, with its signed
// copy), a button per document the dossier's state allows, the letter that goes with the event just
// recorded offered first, and, for the signataire, the proposed arrêté shown in full before signing.
// Also the "Imprimer le récépissé" button shown after a filing.
import { ApiError, csrfHeaders } from '../api.ts';
import type { Dossier } from './api.ts';
import { h, message } from './dom.ts';

export type DocumentItem = {
  id: number; kind: string; label: string; version: number; dossierVersion: number; title: string; createdBy: string; createdAt: string;
  sha256: string; size: number; url: string; signedUrl: string | null; signed: { id: number; uploadedBy: string; uploadedAt: string }[];
};
export type DocumentKindInfo = { kind: string; label: string; allowed: boolean; reason: string | null };
type Generated = DocumentItem & { text: string };

/** The letter to send once this event is recorded. */
export const LETTER_OF_EVENT: Record<string, string> = {
  FILE: 'recepisse', REQUEST_PIECES: 'demande_pieces', NOTIFY_MAJORATION: 'majoration', CONSULT: 'consultation',
  PROPOSE_DECISION: 'arrete', SIGN_DECISION: 'arrete', TACIT_DECISION: 'certificat_tacite', CONFORMITY_TACIT: 'certificat_conformite',
  ATTEST_CONFORMITY: 'certificat_conformite',
};

async function call<T>(method: string, path: string, body?: BodyInit, type = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, csrfHeaders(), { 'content-type': type });
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const parsed = await res.json().catch(() => null) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new ApiError(res.status, parsed?.error?.code, parsed?.error?.message ?? `HTTP ${res.status} sur ${path}`);
  return parsed as T;
}

export const documentsApi = {
  list: (id: number) => call<{ items: DocumentItem[]; kinds: DocumentKindInfo[] }>('GET', `/api/dossiers/${id}/documents`),
  generate: (id: number, kind: string) => call<Generated>('POST', `/api/dossiers/${id}/documents`, JSON.stringify({ kind })),
  attachSigned: (docId: number, file: Blob) => call<DocumentItem>('POST', `/api/documents/${docId}/signed`, file, 'application/pdf'),
};

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const errorText = (err: unknown) => (err instanceof ApiError ? `${err.message}` : `Impossible : ${(err as Error).message}`);

/** Generates a document and opens its PDF in a new tab (the browser's viewer prints it). */
async function generateAndOpen(dossierId: number, kind: string, out: HTMLElement): Promise<Generated | null> {
  out.replaceChildren(message('info', 'Production du document…'));
  try {
    const doc = await documentsApi.generate(dossierId, kind);
    out.replaceChildren(message('ok', `${doc.label} produit (version ${doc.version}). `),
      h('a', { href: doc.url, target: '_blank', rel: 'noopener', class: 'desk-button', 'data-document': doc.kind, id: `desk-pdf-${doc.kind}` }, `Ouvrir le PDF : ${doc.title}`));
    window.open(doc.url, '_blank', 'noopener');
    return doc;
  } catch (err) {
    out.replaceChildren(message('error', errorText(err)));
    return null;
  }
}

/** "Imprimer le récépissé": shown with the filing's récépissé, and again on the dossier page. */
export function printReceiptButton(dossierId: number): HTMLElement {
  const out = h('div', { class: 'desk-feedback', 'aria-live': 'polite', id: 'desk-receipt-print' });
  const button = h('button', { type: 'button', class: 'desk-button primary', id: 'desk-print-receipt' }, 'Imprimer le récépissé');
  button.addEventListener('click', async () => {
    button.disabled = true;
    await generateAndOpen(dossierId, 'recepisse', out);
    button.disabled = false;
  });
  return h('div', { class: 'desk-row' }, button, out);
}

/** The documents section of a dossier page; filled once the list arrives. */
export function documentsView(d: Dossier, role: string): HTMLElement {
  const section = h('section', { class: 'desk-card', 'aria-labelledby': 'documents-title', id: 'desk-documents' },
    h('h3', { id: 'documents-title' }, 'Documents'), h('p', { class: 'desk-hint' }, 'Chargement des documents…'));
  // The arrêté being read survives the list's refresh.
  const preview = h('div', { id: 'desk-arrete-preview' });
  const fill = async () => {
    try {
      const { items, kinds } = await documentsApi.list(d.id);
      drawDocuments(section, preview, d, role, items, kinds, fill);
    } catch (err) {
      section.replaceChildren(h('h3', { id: 'documents-title' }, 'Documents'), message('error', errorText(err)));
    }
  };
  void fill();
  return section;
}

function drawDocuments(section: HTMLElement, preview: HTMLElement, d: Dossier, role: string, items: DocumentItem[], kinds: DocumentKindInfo[],
  refresh: () => Promise<void>): void {
  const out = h('div', { class: 'desk-feedback', 'aria-live': 'polite', id: 'desk-documents-feedback' });
  const writer = role !== 'elu';
  const last = d.journal[d.journal.length - 1]?.event;
  const offered = last ? LETTER_OF_EVENT[last] : undefined;
  const allowed = kinds.filter((k) => k.allowed);
  const produce = (k: DocumentKindInfo) => h('button', {
    type: 'button', class: `desk-button${k.kind === offered ? ' primary' : ''}`, 'data-kind': k.kind,
    onclick: async () => {
      const doc = await generateAndOpen(d.id, k.kind, out);
      if (doc?.kind === 'arrete') showText(preview, doc);
      if (doc) void refresh();
    },
  }, `${k.kind === offered ? 'À envoyer : ' : 'Produire : '}${k.label}`);
  const ordered = [...allowed.filter((k) => k.kind === offered), ...allowed.filter((k) => k.kind !== offered)];
  // The signataire reads the proposed decision in full before signing it.
  const mustRead = role === 'signataire' && d.allowedEvents.includes('SIGN_DECISION') && allowed.some((k) => k.kind === 'arrete');
  const readButton = mustRead ? h('button', { type: 'button', class: 'desk-button primary', id: 'desk-read-arrete', onclick: async () => {
    try { showText(preview, await documentsApi.generate(d.id, 'arrete')); void refresh(); } catch (err) { out.replaceChildren(message('error', errorText(err))); }
  } }, 'Lire le projet d’arrêté avant de signer') : null;
  section.replaceChildren(...([
    h('h3', { id: 'documents-title' }, 'Documents'),
    readButton, preview,
    writer && ordered.length ? h('div', { class: 'desk-actions', id: 'desk-document-kinds' }, ...ordered.map(produce)) : null,
    out,
    items.length ? h('ul', { class: 'desk-documents', id: 'desk-document-list' }, ...items.map((doc) => documentItem(doc, writer, out, refresh)))
      : h('p', { class: 'desk-hint' }, 'Aucun document produit.'),
  ] as (HTMLElement | null)[]).filter((x): x is HTMLElement => x !== null));
}

function showText(slot: HTMLElement, doc: Generated): void {
  slot.replaceChildren(h('div', { class: 'desk-card', id: 'desk-arrete-text' },
    h('h4', {}, `Projet : ${doc.title}`),
    h('pre', { class: 'desk-document-text' }, doc.text),
    h('a', { href: doc.url, target: '_blank', rel: 'noopener', class: 'desk-button' }, 'Ouvrir le PDF')));
}

function documentItem(doc: DocumentItem, writer: boolean, out: HTMLElement, refresh: () => Promise<void>): HTMLElement {
  const upload = h('input', { type: 'file', accept: 'application/pdf', 'aria-label': `Joindre la copie signée de ${doc.title}` });
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) return;
    try { await documentsApi.attachSigned(doc.id, file); out.replaceChildren(message('ok', 'Copie signée jointe.')); void refresh(); } catch (err) { out.replaceChildren(message('error', errorText(err))); }
  });
  return h('li', { 'data-kind': doc.kind, 'data-version': doc.version },
    h('a', { href: doc.url, target: '_blank', rel: 'noopener' }, `${doc.label} v${doc.version}`),
    h('span', { class: 'desk-hint' }, ` — ${when(doc.createdAt)}, ${doc.createdBy}, dossier v${doc.dossierVersion}`),
    doc.signedUrl ? h('a', { href: doc.signedUrl, target: '_blank', rel: 'noopener', class: 'desk-link' }, ` copie signée (${doc.signed.length})`) : null,
    writer ? h('label', { class: 'desk-hint' }, ' Joindre la copie signée ', upload) : null);
}
