-- flag_id is defined here and nowhere else: a stable hash of what the flag is about (rule,
-- institution, period, subject), so a review kept against it survives rebuilds. Every build
-- empties int_risk_flags, so the table is created again rather than altered (DuckDB cannot add
-- a generated column to a table).
drop table main.int_risk_flags;
create table main.int_risk_flags (
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
    evidence         struct(dataset varchar, file_id bigint, sheet varchar, row_no integer, detail varchar)[],
    flag_id          varchar generated always as (md5(concat_ws('|', rule_id, institution_code, period, subject))) virtual
);
