-- The list of a professional's young people (the front page, /youth) starts
-- from their own: the teams they are on, the meetings they facilitate, and
-- the young people they created who have no team yet. This index finds the
-- last of these without reading the municipality's every young person.

-- +goose Up
CREATE INDEX youth_created_by ON youth (created_by);

-- +goose Down
DROP INDEX youth_created_by;
