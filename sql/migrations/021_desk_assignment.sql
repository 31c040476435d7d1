-- The desk of a service of several instructeurs (server/dossiers/assignment.ts, notes.ts): who is in
-- charge of a dossier, the rule giving a commune's new dossiers to an instructeur, the chef de
-- service's role who reassigns, and the staff's private notes on a dossier.
-- None of this reaches élus or the public: the views elu_dossiers, elu_dossier_events, stats_dossiers
-- and public_autorisations name their columns, and the notes are a table of their own.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('guichet', 'instructeur', 'chef', 'signataire', 'elu', 'admin'));

-- The instructeur in charge: set at filing (the commune's rule, else the instructeur who files),
-- changed by a chef de service or an admin (journaled as ASSIGN).
ALTER TABLE dossiers ADD COLUMN instructeur_id bigint REFERENCES users ON DELETE SET NULL;
CREATE INDEX dossiers_instructeur_idx ON dossiers (instructeur_id, id);

-- One rule per commune: its new dossiers go to this instructeur.
CREATE TABLE assignment_rules (
  insee          varchar(5) PRIMARY KEY REFERENCES communes,
  instructeur_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Private notes between staff: never journaled (élus read the journal's events), never published.
CREATE TABLE dossier_notes (
  id          bigserial PRIMARY KEY,
  dossier_id  bigint NOT NULL REFERENCES dossiers ON DELETE CASCADE,
  author_id   bigint REFERENCES users ON DELETE SET NULL,
  author      text NOT NULL,                          -- the login, kept if the account goes
  author_role text NOT NULL,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_notes_dossier_idx ON dossier_notes (dossier_id, id);
