-- int_institution_checklist: the checklist each institution answers to, written by the
-- self-inspection matching step.
create or replace table int_institution_checklist (
    institution_code varchar primary key,
    checklist        varchar,           -- NULL: no checklist applies (see reason)
    checklist_source varchar not null,  -- override | registry | none
    reason           varchar            -- why none applies
)
