-- Staff accounts, their sessions and failed logins. Passwords are stored only as scrypt hashes;
-- a session is stored by the SHA-256 of its token, so a copy of this table opens no session.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  login         text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  name          text,
  role          text NOT NULL CHECK (role IN ('guichet', 'instructeur', 'signataire', 'elu', 'admin')),
  -- The communes an intercommunal service works for; empty means every commune.
  communes      varchar(5)[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- One row per failed login, keyed by 'login:<login>' and 'ip:<address>': the rate limit counts
-- them over a sliding window, whichever server process received them.
CREATE TABLE login_failures (
  key text NOT NULL,
  at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);
