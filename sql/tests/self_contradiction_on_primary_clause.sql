-- A SELF_CONTRADICTION is about a clause that a data flag of the same institution and year
-- has as a primary clause.
select s.flag_id, s.institution_code, s.year, s.subject
from mart_risk_flags s
where s.rule_id = 'SELF_CONTRADICTION'
  and not exists (
    select 1
    from mart_risk_flags d
    join int_institution_checklist ic using (institution_code)
    join meta.rule_clause rc on rc.rule_id = d.rule_id and rc.checklist = ic.checklist
    where d.institution_code = s.institution_code
      and d.year = s.year
      and rc.clause_id = s.subject
      and rc.role = 'primary'
)
