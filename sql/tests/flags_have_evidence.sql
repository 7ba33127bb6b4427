-- Every flag opens to at least one source row.
select flag_id, rule_id from mart_risk_flags where evidence_rows < 1
