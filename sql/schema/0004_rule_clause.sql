-- Which checklist clauses each rule bears on, per checklist (marts/clausemap), written with the
-- catalog at every build. A flag carries the clauses of its institution's checklist only, so the
-- catalog's own list of every checklist's clauses goes.
create table if not exists meta.rule_clause (
    rule_id   varchar not null,
    checklist varchar not null,   -- BN-L | BN-P | ZB-L
    clause_id varchar not null,
    role      varchar not null,   -- primary: direct evidence against the clause | secondary: related
    ord       integer not null,   -- order within rule and checklist: primary first, then the map's order
    primary key (rule_id, clause_id)
);

alter table meta.rule_catalog drop column clause_ids;
