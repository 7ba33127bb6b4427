-- int_self_inspection_match: each self-inspection row and its candidate clauses, written by the
-- self-inspection matching step.
create or replace table int_self_inspection_match (
    institution_code varchar not null,
    year             integer,
    checklist        varchar,           -- NULL: no checklist applies (see reason)
    checklist_source varchar not null,  -- override | registry | none
    file_id          bigint not null,
    sheet            varchar not null,
    row_no           integer not null,
    clause_id        varchar,           -- NULL: the row has no candidate at all
    rank             integer,           -- 1 = best; NULL with clause_id
    confidence       double not null,   -- 0..1, selfcheck's score; whether it is confident is
                                        -- the mart's (the min_confidence in force)
    reason           varchar not null
)
