-- Rules append their flags here (the runner wraps each sql/rules/risk_*.sql in
-- INSERT INTO int_risk_flags BY NAME); mart_risk_flags is built from it.
create table if not exists main.int_risk_flags (
    rule_id          varchar not null,
    institution_code varchar not null,
    year             integer not null,
    period           varchar not null,
    subject          varchar not null,
    severity         varchar not null,
    score            double not null,
    amount_yuan      decimal(18,2),
    summary_zh       varchar not null,
    measures         json,          -- the figures the rule compared
    evidence         struct(dataset varchar, file_id bigint, sheet varchar, row_no integer, detail varchar)[]
);

-- The rule catalog and the thresholds in force for the last build.
create table if not exists meta.rule_catalog (
    rule_id     varchar primary key,
    title_zh    varchar not null,
    area        varchar not null,
    clause_ids  varchar not null,   -- comma-separated
    inputs      varchar not null,   -- staging tables the rule needs, comma-separated
    implemented boolean not null
);
create table if not exists meta.rule_param (
    rule_id varchar not null,
    param   varchar not null,
    value   double not null,
    source  varchar not null        -- default | config file name
);
