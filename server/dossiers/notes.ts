// Private notes between staff on a dossier: written and read by staff who work on dossiers, never by
// élus (who read only their projection) nor the public. A table of their own, not the journal (whose
// events élus see); each note names its author and the moment it was written, and is never edited.
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { SessionUser } from '../accounts/roles.ts';
import { parseWith } from '../contract/parse.ts';
import { NoteBody, type Note as NoteSchema } from './api.ts';

/** A note as answered (the contract's schema, api.ts). */
export type Note = z.output<typeof NoteSchema>;

export const parseNoteBody = (body: unknown): string => parseWith(NoteBody, body).body;

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
