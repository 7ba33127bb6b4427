-- A flag carries only clauses of its institution's checklist (none where no plan applies).
select f.flag_id, f.rule_id, f.institution_code, f.clause_id, ic.checklist
from (select flag_id, rule_id, institution_code, unnest(clause_ids) as clause_id from mart_risk_flags) f
left join int_institution_checklist ic using (institution_code)
where not exists (
    select 1 from int_checklist c where c.checklist = ic.checklist and c.clause_id = f.clause_id
)
