-- The documents of the instruction (server/documents): récépissés, letters, arrêtés, certificates,
-- each stored as generated and never rewritten. Regenerating a document adds a new version; a
-- signed scan or an electronically signed PDF is attached back as a row of its own.

CREATE TABLE documents (
  id               bigserial PRIMARY KEY,
  dossier_id       bigint NOT NULL REFERENCES dossiers ON DELETE RESTRICT,
  kind             text NOT NULL CHECK (kind ~ '^[a-z_]{2,40}$'),
  version          integer NOT NULL CHECK (version >= 1),      -- nth generation of this kind for this dossier
  dossier_version  integer NOT NULL CHECK (dossier_version >= 1), -- the dossier's version it was generated from
  template         text NOT NULL,                               -- the template file, e.g. 'arrete.liquid'
  template_sha256  char(64) NOT NULL CHECK (template_sha256 ~ '^[0-9a-f]{64}$'), -- the template's version: its text's hash
  title            text NOT NULL,
  personal         boolean NOT NULL,                            -- carries personal data (élus never get it)
  created_by       bigint,                                      -- users.id, kept without a foreign key: the row is never rewritten
  created_by_login text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sha256           char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size             integer NOT NULL CHECK (size > 0),
  bytes            bytea NOT NULL,
  UNIQUE (dossier_id, kind, version)
);
CREATE INDEX documents_dossier_idx ON documents (dossier_id, id);

-- The signed copy of a document (a scan of the signed paper, or the PDF signed electronically).
CREATE TABLE document_signed (
  id               bigserial PRIMARY KEY,
  document_id      bigint NOT NULL REFERENCES documents ON DELETE RESTRICT,
  uploaded_by      bigint,
  uploaded_by_login text NOT NULL,
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  sha256           char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size             integer NOT NULL CHECK (size > 0),
  bytes            bytea NOT NULL
);
CREATE INDEX document_signed_document_idx ON document_signed (document_id, id);

-- Stored, never rewritten: an UPDATE or DELETE is refused whoever writes (the application, psql).
CREATE FUNCTION documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'documents are never rewritten: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_immutable();
CREATE TRIGGER document_signed_immutable BEFORE UPDATE OR DELETE ON document_signed
  FOR EACH ROW EXECUTE FUNCTION documents_immutable();
