-- int_vendor: each vendor spelling and the vendor it belongs to, written by the vendor master step.
create or replace table int_vendor (
    spelling    varchar primary key,  -- the name as written in the extracts (trimmed)
    vendor      varchar not null,     -- the vendor it belongs to: the cluster's most used spelling
    normalised  varchar not null,     -- NormaliseVendor(spelling)
    credit_code varchar,              -- 统一社会信用代码 seen with this spelling, if any
    n_rows      bigint not null,      -- rows of procurement, contracts and payments written so
    joined_by   varchar not null      -- self | same normalised name | Dice 0.93 with … | same 统一社会信用代码 …
)
