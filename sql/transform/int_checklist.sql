-- int_checklist: the clauses of every self-inspection checklist (selfcheck), written by the
-- self-inspection matching step.
create or replace table int_checklist (
    clause_id     varchar not null,
    checklist     varchar not null,
    area          integer not null,
    section       integer not null,
    item          integer not null,
    area_title    varchar not null,
    section_title varchar not null,
    text          varchar not null,
    plan_order    integer not null
)
