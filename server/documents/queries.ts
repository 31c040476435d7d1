// The documents' SQL: the stored documents (never rewritten, migration 014), their signed copies,
// and what a document reads beside the dossier (commune, signatory, PLU approval).
import type { Knex } from 'knex';

export type DocumentRow = {
  id: number; dossier_id: number; kind: string; version: number; dossier_version: number; template: string; template_sha256: string;
  title: string; personal: boolean; created_by: number | null; created_by_login: string; created_at: string; sha256: string; size: number;
  signed: { id: number; uploaded_by_login: string; uploaded_at: string; sha256: string; size: number }[];
};

const LISTED = `d.id, d.dossier_id, d.kind, d.version, d.dossier_version, d.template, d.template_sha256, d.title, d.personal,
  d.created_by, d.created_by_login, d.created_at, d.sha256, d.size`;
const SIGNED = `coalesce((SELECT json_agg(json_build_object('id', s.id, 'uploaded_by_login', s.uploaded_by_login, 'uploaded_at', s.uploaded_at,
  'sha256', s.sha256, 'size', s.size) ORDER BY s.id) FROM document_signed s WHERE s.document_id = d.id), '[]'::json) AS signed`;

const norm = (r: any): DocumentRow => ({
  ...r, id: Number(r.id), dossier_id: Number(r.dossier_id), created_by: r.created_by === null ? null : Number(r.created_by),
  sha256: String(r.sha256).trim(), template_sha256: String(r.template_sha256).trim(),
  signed: (typeof r.signed === 'string' ? JSON.parse(r.signed) : r.signed ?? []).map((s: any) => ({ ...s, id: Number(s.id) })),
});

/** Stores a document as the next version of its kind for this dossier (the dossier row is locked by the caller). */
export async function insertDocument(trx: Knex.Transaction, d: {
  dossierId: number; kind: string; dossierVersion: number; template: string; templateSha256: string; title: string; personal: boolean;
  createdBy: number | null; createdByLogin: string; sha256: string; bytes: Buffer;
}): Promise<DocumentRow> {
  const { rows } = await trx.raw(`
    INSERT INTO documents (dossier_id, kind, version, dossier_version, template, template_sha256, title, personal, created_by, created_by_login, sha256, size, bytes)
    VALUES (?, ?, (SELECT coalesce(max(version), 0) + 1 FROM documents WHERE dossier_id = ? AND kind = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING id`, [d.dossierId, d.kind, d.dossierId, d.kind, d.dossierVersion, d.template, d.templateSha256, d.title, d.personal,
    d.createdBy, d.createdByLogin, d.sha256, d.bytes.length, d.bytes]);
  return (await getDocument(trx, Number(rows[0].id)))!;
}

export async function documentsOf(knex: Knex | Knex.Transaction, dossierId: number): Promise<DocumentRow[]> {
  const { rows } = await knex.raw(`SELECT ${LISTED}, ${SIGNED} FROM documents d WHERE d.dossier_id = ? ORDER BY d.id DESC`, [dossierId]);
  return rows.map(norm);
}

export async function getDocument(knex: Knex | Knex.Transaction, id: number): Promise<DocumentRow | null> {
  const { rows } = await knex.raw(`SELECT ${LISTED}, ${SIGNED} FROM documents d WHERE d.id = ?`, [id]);
  return rows[0] ? norm(rows[0]) : null;
}

const bytesOf = (b: unknown): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b as Uint8Array));

export async function documentBytes(knex: Knex, id: number): Promise<Buffer | null> {
  const { rows } = await knex.raw('SELECT bytes FROM documents WHERE id = ?', [id]);
  return rows[0] ? bytesOf(rows[0].bytes) : null;
}

/** The latest signed copy of a document. */
export async function signedBytes(knex: Knex, documentId: number): Promise<Buffer | null> {
  const { rows } = await knex.raw('SELECT bytes FROM document_signed WHERE document_id = ? ORDER BY id DESC LIMIT 1', [documentId]);
  return rows[0] ? bytesOf(rows[0].bytes) : null;
}

export async function insertSigned(knex: Knex, s: { documentId: number; uploadedBy: number; uploadedByLogin: string; sha256: string; bytes: Buffer }): Promise<number> {
  const { rows } = await knex.raw(`
    INSERT INTO document_signed (document_id, uploaded_by, uploaded_by_login, sha256, size, bytes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  [s.documentId, s.uploadedBy, s.uploadedByLogin, s.sha256, s.bytes.length, s.bytes]);
  return Number(rows[0].id);
}

export async function communeName(knex: Knex | Knex.Transaction, insee: string): Promise<string | null> {
  const { rows } = await knex.raw('SELECT nom FROM communes WHERE insee = ?', [insee]);
  return rows[0]?.nom ?? null;
}

/** Who signed the decision (CRPA L212-1: first name, name, capacity), from the journal. */
export async function signatoryOf(knex: Knex | Knex.Transaction, dossierId: number): Promise<{ name: string | null; login: string } | null> {
  const { rows } = await knex.raw(`
    SELECT u.name, e.actor AS login FROM dossier_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.dossier_id = ? AND e.event = 'SIGN_DECISION' ORDER BY e.version DESC LIMIT 1`, [dossierId]);
  return rows[0] ?? null;
}

/** The PLU documents of these idurba, with their approval date (CNIG datappro, YYYYMMDD). */
export async function pluDocuments(knex: Knex | Knex.Transaction, idurbas: string[]): Promise<{ idurba: string; typedoc: string | null; datappro: string | null }[]> {
  if (!idurbas.length) return [];
  const { rows } = await knex.raw('SELECT idurba, typedoc, datappro FROM plu_doc_urba WHERE idurba = ANY(?::varchar[]) ORDER BY idurba', [idurbas]);
  return rows;
}

/** A parcel of the cadastre, for the note de renseignements. */
export async function parcelOf(knex: Knex, id: string): Promise<{ id: string; commune: string; section: string; numero: string; contenance: number | null; nom: string | null } | null> {
  const { rows } = await knex.raw(`
    SELECT p.id, p.commune, p.section, p.numero, p.contenance, c.nom FROM cadastre_parcelles p LEFT JOIN communes c ON c.insee = p.commune
    WHERE p.id = ?`, [id]);
  return rows[0] ?? null;
}
