// Package transform is the T of the warehouse: it turns raw.* into the staging views and the
// intermediate tables that rules and marts read.
//
// A build runs four phases, each of them re-runnable from raw:
//
//	sql/staging/stg_*.sql        views over raw.*, restricted to the files in force (the only
//	                             SQL that reads raw.*)
//	self-inspection matching     the first Go step (selfmatch.go): int_checklist,
//	                             int_institution_checklist and int_self_inspection_match
//	vendor master                the second Go step (vendor.go): int_vendor, spelling → vendor
//	sql/intermediate/int_*.sql   tables over staging and the Go steps' tables
//
// The model runner (Model, LoadModels, Order) is shared with package marts, which runs the rules
// and marts the same way: one SELECT per file, named after the table it builds, ordered by the
// names of other models it mentions.
package transform
