-- xuncha selfcheck override --clear: the registry decides institution $1's checklist again.
delete from meta.checklist_override where institution_code = $1
