-- The settlements to pull on site (现场调阅结算单清单): per institution-year, every settlement
-- with a high-severity INS_* flag (reason 'high') plus a seeded random sample of the rest of the
-- institution-year's settlements (reason 'sample').
-- Decisions:
--   * "The rest" = every other settlement of the institution-year in stg_claims, flagged at a
--     lower severity or not flagged at all: the sample is the control an inspector draws
--     anyway, and it covers what the rules miss. Sampled settlements that carry a lower
--     flag still show its rule_ids.
--   * Sample size and seed are thresholds of INS_DUPLICATE_BILLING (the catalog admits no
--     pseudo-rule): pull_sample_size (default 20, per institution-year) and pull_seed
--     (default 20241). Both can be set in the config like any threshold.
--   * Reproducible: the sample is the first n settlements ordered by
--     md5(seed || settlement_id) (seed printed as an integer), ties by settlement_id. The
--     same seed over the same settlements gives the same list on any machine; the seed is
--     in every row so the list can be redrawn from what is printed on it.
--   * amount_yuan = the largest amount among the settlement's INS flags (rules overlap on the
--     same lines, so not their sum; NULL when it has none);
--     fund_paid_yuan = what the fund paid on it.
--   * No patient identifier is output (patient_id is already a pseudonym and is not needed);
--     department and doctor are the settlement's.
with params as (
    select
        coalesce(max(value) filter (where param = 'pull_sample_size'), 20)::bigint as n,
        coalesce(max(value) filter (where param = 'pull_seed'), 20241)::bigint     as seed
    from meta.rule_param
    where rule_id = 'INS_DUPLICATE_BILLING'
),

flagged as (
    select
        institution_code,
        subject                                                   as settlement_id,
        max(year)                                                 as flag_year,
        bool_or(severity = 'high')                                as is_high,
        string_agg(distinct rule_id, ',' order by rule_id)        as rule_ids,
        max(amount_yuan)                                          as amount_yuan
    from mart_risk_flags
    where rule_id like 'INS\_%' escape '\'
    group by all
),

settlements as (
    select
        coalesce(c.institution_code, f.institution_code)          as institution_code,
        coalesce(c.year, f.flag_year)                             as year,
        coalesce(c.settlement_id, f.settlement_id)                as settlement_id,
        coalesce(f.is_high, false)                                as is_high,
        f.rule_ids,
        f.amount_yuan,
        c.fund_paid_yuan,
        c.department,
        c.doctor
    from stg_claims c
    full join flagged f using (institution_code, settlement_id)
),

keyed as (
    select s.*, p.seed, p.n, md5(p.seed::varchar || s.settlement_id) as draw_key
    from settlements s
    cross join params p
    where s.year is not null
),

sampled as (
    select
        *,
        case when is_high then null
             else row_number() over (partition by institution_code, year, is_high order by draw_key, settlement_id)
        end as draw_no
    from keyed
),

final as (
    select
        institution_code,
        year,
        settlement_id,
        case when is_high then 'high' else 'sample' end           as reason,
        rule_ids,
        amount_yuan::decimal(18,2)                                as amount_yuan,
        fund_paid_yuan::decimal(18,2)                             as fund_paid_yuan,
        department,
        doctor,
        seed,
        draw_key
    from sampled
    where is_high or draw_no <= n
)

select * from final
order by institution_code, year, reason, draw_key
