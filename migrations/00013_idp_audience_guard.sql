-- A provider for young people (audience 'citizen') has no role mappings
-- and no e-mail domains: the database holds to that, not only the forms
-- and the store's checks, so an administrator adding a mapping while
-- another turns the provider into a citizen provider cannot leave one
-- behind. Each mapping and domain names the audience it needs ('staff'),
-- and references its provider by id and audience: a provider with mappings
-- or domains cannot become a citizen provider, nor can one be added to it.

-- +goose Up
ALTER TABLE identity_providers ADD CONSTRAINT identity_providers_audience_key UNIQUE (id, audience);
ALTER TABLE identity_provider_roles
    ADD COLUMN audience text NOT NULL DEFAULT 'staff' CHECK (audience = 'staff'),
    ADD CONSTRAINT identity_provider_roles_staff FOREIGN KEY (idp_id, audience)
        REFERENCES identity_providers (id, audience) ON DELETE CASCADE;
ALTER TABLE identity_provider_domains
    ADD COLUMN audience text NOT NULL DEFAULT 'staff' CHECK (audience = 'staff'),
    ADD CONSTRAINT identity_provider_domains_staff FOREIGN KEY (idp_id, audience)
        REFERENCES identity_providers (id, audience) ON DELETE CASCADE;

-- +goose Down
ALTER TABLE identity_provider_domains DROP CONSTRAINT identity_provider_domains_staff, DROP COLUMN audience;
ALTER TABLE identity_provider_roles DROP CONSTRAINT identity_provider_roles_staff, DROP COLUMN audience;
ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_audience_key;
