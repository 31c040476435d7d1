-- The instruction of applications (server/dossiers): dossiers, their journal, their due dates and
-- the A423-3 numbering sequences. A dossier stores its statechart's state and context (facts only:
-- every legal date is recomputed from them); each change bumps its version and appends a journal row.

-- One sequence per nature of authorisation (number letters), commune and year of filing (A423-3).
-- Incremented by an upsert in the filing's transaction: concurrent filings wait on the row, and a
-- number is never handed out twice.
CREATE TABLE dossier_counters (
  prefix varchar(3) NOT NULL CHECK (prefix IN ('PC', 'DP', 'PA', 'PD', 'CU')),
  insee  varchar(5) NOT NULL REFERENCES communes,
  year   smallint NOT NULL CHECK (year BETWEEN 0 AND 99),
  last   integer NOT NULL CHECK (last BETWEEN 1 AND 9999),
  PRIMARY KEY (prefix, insee, year)
);

CREATE TABLE dossiers (
  id                bigserial PRIMARY KEY,
  number            text NOT NULL UNIQUE,            -- display form, e.g. 'PC 013004 26 X0001', 'PC 013004 26 X0001M01'
  number_compact    text NOT NULL UNIQUE,            -- without spaces, for search
  type              text NOT NULL CHECK (type IN ('PC', 'PCMI', 'DP', 'PA', 'PD', 'CUa', 'CUb',
                                                  'modificatif', 'transfert', 'prorogation', 'DOC', 'DAACT')),
  parent_id         bigint REFERENCES dossiers,
  insee             varchar(5) NOT NULL REFERENCES communes,
  parcels           varchar(14)[] NOT NULL DEFAULT '{}',
  filed_on          date NOT NULL,
  applicant         jsonb NOT NULL,                  -- personal data: staff-only routes
  applicant_name    text NOT NULL,
  works             jsonb NOT NULL DEFAULT '{}',
  constraints       jsonb,                           -- the spatial check run at filing (server/checks)
  receipt           jsonb NOT NULL,                  -- the récépissé as given to the applicant
  state             text NOT NULL,                   -- statechart state path, e.g. 'instruction.delai.depose'
  context           jsonb NOT NULL,                  -- statechart context (the dossier's facts)
  decision_deadline date,                            -- derived from context, kept for filters
  version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (type IN ('PC', 'PCMI', 'DP', 'PA', 'PD', 'CUa', 'CUb')))
);
CREATE INDEX dossiers_insee_idx ON dossiers (insee, id);
CREATE INDEX dossiers_type_idx ON dossiers (type, id);
CREATE INDEX dossiers_state_idx ON dossiers (state text_pattern_ops);
CREATE INDEX dossiers_filed_on_idx ON dossiers (filed_on);
CREATE INDEX dossiers_deadline_idx ON dossiers (decision_deadline);
CREATE INDEX dossiers_parent_idx ON dossiers (parent_id);
CREATE INDEX dossiers_parcels_idx ON dossiers USING gin (parcels);

-- The journal: one row per event applied, with its legal date, who did it, and the dossier before and after.
CREATE TABLE dossier_events (
  id          bigserial PRIMARY KEY,
  dossier_id  bigint NOT NULL REFERENCES dossiers ON DELETE CASCADE,
  version     integer NOT NULL,                      -- the dossier's version this event produced
  event       text NOT NULL,
  legal_date  date NOT NULL,
  actor_id    bigint REFERENCES users ON DELETE SET NULL,
  actor       text NOT NULL,                         -- the user's login, or 'system' for tacit events
  actor_role  text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  before      jsonb,                                 -- { state, context } (null for the filing)
  after       jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dossier_id, version)
);

-- What falls due and when: rewritten from the snapshot on every change; the scheduler applies the
-- rows whose day has come (tacit decisions, tacit opinions, deemed completeness, lapses…).
CREATE TABLE dossier_due (
  dossier_id bigint NOT NULL REFERENCES dossiers ON DELETE CASCADE,
  key        text NOT NULL,
  event      text NOT NULL,
  due_on     date NOT NULL,
  rank       smallint NOT NULL DEFAULT 0,
  payload    jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (dossier_id, key)
);
CREATE INDEX dossier_due_on_idx ON dossier_due (due_on, rank, dossier_id);
