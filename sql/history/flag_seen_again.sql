-- The flags of this build that an earlier build produced: seen again in build $1.
update meta.flag_seen set last_build = $1
where flag_id in (select flag_id from int_risk_flags)
