// Package selfcheck turns the two inspection plans into checklists and matches the free-text
// rows of an institution's self-inspection report (自查自纠情况表) to their clauses.
//
// # Checklists
//
// The plans are embedded as published (Plans) and parsed at first use; nothing is typed in by
// hand. Each numbered item becomes a Clause with an id that follows the plan's numbering:
//
//	BN-L.a.s.i  Banan 附件1, large hospitals:   一、→ a, （一）→ s, 一是 → i
//	BN-P.a.s.i  Banan 附件2, primary care:      same scheme
//	ZB-L.a.s.i  Zibo 三、巡查重点, hospitals:    （一）→ a, 1. → s, (1) → i
//
// so "ZB-L.2.4.6" is Zibo (二)行业作风建设, 4. 行风热点问题, (6) off-platform procurement.
// Checklist("BN-P") lists one checklist; Lookup("BN-P.3.5.5") finds one clause.
// Applicable(region, tier, category) says which checklist an institution answers to, and
// ResolveChecklist adds an override.
//
// # Matching
//
//	ms := selfcheck.MatchText("ZB-L", "我院严格执行药品耗材阳光平台采购，无线下采购情况", 3)
//	// ms[0]: ZB-L.2.4.6, Score 0.90, Reason "共同关键词: 阳光平台→集中采购平台, …, 线下采购"
//
// MatchRow does the same for a workbook row whose area/section cells give context. Results are
// best first with a confidence Score in 0..1; a row whose best Score is below MinConfidence
// (Confident reports it) is unmatched and is to be listed for a person, not dropped.
// WriteMatches prints matches as the CLI's csv contract or as a table.
//
// The method (character bigrams, BM25, synonyms drawn from the plans' own words) and its
// measured accuracy are in docs/SELFCHECK.md.
package selfcheck
