-- Bearer tokens an admin issues at run time (API.md, Access). Only the SHA-256 of each token is
-- kept: the token itself is shown once, when issued. A token may be scoped to a unit or to a
-- district (not both); an admin token is always city-wide. Revoking deletes the row.
CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    digest        bytea NOT NULL UNIQUE CHECK (length(digest) = 32),
    role          text NOT NULL CHECK (role IN ('reader', 'operator', 'admin')),
    label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    -- A unit or district that leaves the registry takes its tokens with it.
    unit_id       text REFERENCES units (id) ON DELETE CASCADE,
    district_code text REFERENCES districts (code) ON DELETE CASCADE,
    issued_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (unit_id IS NULL OR district_code IS NULL),
    CHECK (role <> 'admin' OR (unit_id IS NULL AND district_code IS NULL))
);

-- Every API process keeps the table in memory and reads it again when told: a revocation is
-- refused everywhere as soon as the notification arrives.
CREATE FUNCTION api_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_tokens', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_changed();
