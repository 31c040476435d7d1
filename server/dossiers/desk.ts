// The routes of a service's working day (docs/api.md): who is in charge of a dossier and the rules
// giving a commune's dossiers to an instructeur, the staff's private notes, and the full journal.
// Mounted by dossierRoutes (so every read is caught up to today first). Élus never reach the notes nor
// who is in charge; they read the journal through their projection.
import { Router } from 'express';
import type { Knex } from 'knex';
import { allow, assertCommune, type Role, type SessionUser } from '../accounts/roles.ts';
import { notFound } from '../errors.ts';
import type { LegalDate } from './dates.ts';
import { WORKERS } from './rules.ts';
import { getDossier, type DossierRow } from './repository.ts';
import { listInstructeurs, listRules, parseAssignBody, parseRuleBody, reassign, setRule } from './assignment.ts';
import { addNote, notesOf, parseNoteBody } from './notes.ts';
import { eluJournal, staffJournal } from './journal.ts';


const scope = (u: SessionUser) => (u.communes.length ? u.communes : null);

export function deskRoutes(knex: Knex, today: () => LegalDate, loadDossierJson: (id: number, role: Role) => Promise<unknown>): Router {
  const r = Router();
  const dossier = async (raw: unknown, user: SessionUser): Promise<DossierRow> => {
    if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw)) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    const row = await getDossier(knex, Number(raw));
    if (!row) throw notFound('dossier_unknown', 'Ce dossier n’existe pas.');
    assertCommune(user, row.insee, 'dossier_unknown', 'Ce dossier n’existe pas.');
    return row;
  };

  r.get('/api/instructeurs', allow(...WORKERS), async (req, res) => {
    res.json(await listInstructeurs(knex, scope(req.user!)));
  });

  r.get('/api/assignment-rules', allow('chef', 'admin'), async (req, res) => {
    res.json(await listRules(knex, scope(req.user!)));
  });

  r.put('/api/assignment-rules', allow('chef', 'admin'), async (req, res) => {
    await setRule(knex, parseRuleBody(req.body), req.user!);
    res.json(await listRules(knex, scope(req.user!)));
  });

  r.patch('/api/dossiers/:id/instructeur', allow('chef', 'admin'), async (req, res) => {
    const row = await dossier(req.params.id, req.user!);
    await reassign(knex, row.id, parseAssignBody(req.body), req.user!, today());
    res.json(await loadDossierJson(row.id, req.user!.role));
  });

  r.get('/api/dossiers/:id/notes', allow(...WORKERS), async (req, res) => {
    const row = await dossier(req.params.id, req.user!);
    res.json(await notesOf(knex, row.id));
  });

  r.post('/api/dossiers/:id/notes', allow(...WORKERS), async (req, res) => {
    const row = await dossier(req.params.id, req.user!);
    const note = await addNote(knex, row.id, parseNoteBody(req.body), req.user!);
    res.status(201).json(note);
  });

  r.get('/api/dossiers/:id/journal', allow('staff'), async (req, res) => {
    const row = await dossier(req.params.id, req.user!);
    res.json(req.user!.role === 'elu' ? await eluJournal(knex, row.id, row.type) : await staffJournal(knex, row.id, row.type));
  });

  return r;
}
