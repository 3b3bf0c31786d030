-- Searching young people by part of their name (the list's search, the
-- administrator's audit-log search) with a trigram index, scoped by
-- municipality, instead of reading every young person of the municipality.
-- The queries do not change: lower(y.name) LIKE '%' || $q || '%' is what
-- the index serves, so the results are the same by construction. A search
-- of one or two characters has no trigram; it falls back to the
-- municipality's name index, as before.
--
-- pg_trgm and btree_gin are trusted extensions (PostgreSQL 13 and later): a
-- database owner without superuser may create them.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX youth_name_trgm ON youth USING gin (municipality_id, lower(name) gin_trgm_ops);

-- +goose Down
DROP INDEX youth_name_trgm;
-- The extensions stay: dropping them could break what a database administrator added with them.
