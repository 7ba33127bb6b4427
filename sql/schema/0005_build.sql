-- One row per build: when, with which parameters, and how it ended. A build runs in one
-- transaction; its row is written 'running' before and set 'ok' inside that transaction,
-- so a build that failed ('failed') or died ('running' left behind, read as interrupted)
-- changed nothing else.
create sequence if not exists meta.build_id_seq start 1;

create table if not exists meta.build (
    build_id    bigint not null,
    started_at  timestamp not null,
    finished_at timestamp,
    outcome     varchar not null,    -- running | ok | failed | interrupted
    error       varchar,             -- first line of why a build failed
    params_hash varchar not null,    -- sha256 of params
    params      varchar not null     -- the thresholds in force: RULE.param = value (source), one a line
);
