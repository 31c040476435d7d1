// Private notes between staff on a dossier: written and read by staff who work on dossiers, never by
// élus (who read only their projection) nor the public. A table of their own, not the journal (whose
// events élus see); each note names its author and the moment it was written, and is never edited.
import type { Knex } from 'knex';
import { badRequest } from '../errors.ts';
import type { SessionUser } from '../accounts/roles.ts';

export const NOTE_MAX = 4000;

export type Note = { id: number; body: string; author: string; authorName: string | null; role: string; createdAt: string };

export function parseNoteBody(body: unknown): string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body_not_object', 'Le corps de la requête doit être un objet JSON { body }.');
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => k !== 'body');
  if (extra.length) throw badRequest('field_unknown', `Champ inconnu : ${extra.join(', ')} (seul « body » est admis).`);
  if (typeof b.body !== 'string' || !b.body.trim()) throw badRequest('note_empty', 'La note est vide : écrivez son texte dans « body ».');
  const text = b.body.replace(/\r\n?/g, '\n').trim();
  if (text.length > NOTE_MAX) throw badRequest('note_too_long', `La note est trop longue : ${text.length} caractères, au plus ${NOTE_MAX}.`);
  return text;
}

const toNote = (r: any): Note => ({ id: Number(r.id), body: r.body, author: r.author, authorName: r.name ?? null, role: r.author_role, createdAt: new Date(r.created_at).toISOString() });

/** Adds a note (one statement) and returns it. */
export async function addNote(knex: Knex, dossierId: number, text: string, user: SessionUser): Promise<Note> {
  const { rows } = await knex.raw(`
    INSERT INTO dossier_notes (dossier_id, author_id, author, author_role, body) VALUES (?, ?, ?, ?, ?)
    RETURNING id, body, author, author_role, created_at, (SELECT name FROM users WHERE id = ?) AS name`,
  [dossierId, user.id, user.login, user.role, text, user.id]);
  return toNote(rows[0]);
}

/** A dossier's notes, oldest first. */
export async function notesOf(knex: Knex, dossierId: number): Promise<Note[]> {
  const { rows } = await knex.raw(`
    SELECT n.id, n.body, n.author, n.author_role, n.created_at, u.name
    FROM dossier_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.dossier_id = ? ORDER BY n.id`, [dossierId]);
  return rows.map(toNote);
}
