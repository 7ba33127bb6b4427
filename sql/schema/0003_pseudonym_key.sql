-- Fingerprints of the pseudonymisation keys the warehouse's pseudonyms were made with
-- (an HMAC of a fixed text, not the key): ingest refuses a missing or other key.
create table if not exists meta.pseudonym_key (
    fingerprint varchar not null,
    since       timestamp not null,
    note        varchar not null
);
