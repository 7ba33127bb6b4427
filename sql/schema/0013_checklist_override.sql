-- The checklist an institution answers to where the registry does not decide it rightly
-- (xuncha selfcheck override); read by the self-inspection matching step. Warehouses that
-- had it created by the build before keep theirs.
create table if not exists meta.checklist_override (
    institution_code varchar primary key,
    checklist        varchar not null,  -- BN-L | BN-P | ZB-L
    note             varchar,
    set_at           timestamp not null
);
