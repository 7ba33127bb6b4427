-- xuncha selfcheck override: institution $1 answers to checklist $2 (note $3, set at $4).
insert or replace into meta.checklist_override values ($1, $2, $3, $4)
