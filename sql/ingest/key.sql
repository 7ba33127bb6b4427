-- A row's natural key, as a hash: the key's fields with institution (and item, row kind);
-- where the key's first field is empty, with the kind's date (a procurement export without
-- order numbers: its rows are told apart by date, item and spec). Filled in with quoted
-- identifiers of raw.<kind> r: {{.Anchor}}, the key's first field; {{.Key}}; {{.Dated}}.
{{define "key"}}case when r.{{.Anchor}} is null then hash('dated', {{.Dated}}) else hash('key', {{.Key}}) end{{end}}
