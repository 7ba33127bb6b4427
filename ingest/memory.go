package ingest

import "github.com/xuncha/xuncha/ingest/xlsx"

// DefaultMemoryLimit is the memory an ingest plans for when none is given: a laptop can
// spare it (cmd/xuncha's hostile-workbook test holds an ingest to it).
const DefaultMemoryLimit = 1 << 30

// MinMemoryLimit: with less than a quarter of it, DuckDB fails to commit a file of large
// cells ("failed to pin block").
const MinMemoryLimit = 512 << 20

// MemoryPlan shares one memory limit between the parts of an ingest that hold memory.
// DuckDB gets a quarter: on rows of multi-MB cells it goes past its memory_limit several
// times over (allocations outside its buffer pool until the file's commit), and the
// quarter not shared out is left for that and for the program itself.
type MemoryPlan struct {
	DuckDB        int64 // DuckDB's memory_limit: beyond it, DuckDB spills to its temporary folder
	Heap          int64 // the Go heap's soft limit (debug.SetMemoryLimit): readers and batches
	SharedStrings int64 // a workbook's shared strings, the one reader part that grows with the file
	MaxCell       int64 // the largest cell limit the heap can hold (a row's text may be four cells)
	LongText      int64 // a file's values over 4 KiB, which DuckDB holds until the file's commit
}

// PlanMemory shares limit (0: DefaultMemoryLimit; at least MinMemoryLimit).
func PlanMemory(limit int64) MemoryPlan {
	if limit <= 0 {
		limit = DefaultMemoryLimit
	}
	limit = max(limit, MinMemoryLimit)
	return MemoryPlan{
		DuckDB:        limit / 4,
		Heap:          limit * 3 / 8,
		SharedStrings: min(limit/5, xlsx.DefaultLimits.SharedBytes),
		MaxCell:       limit * 3 / 64,
		LongText:      limit / 8,
	}
}

// readLimits are the reader limits of an ingest with these options.
func (opt Options) readLimits() xlsx.Limits {
	return xlsx.Limits{CellBytes: opt.MaxCellBytes, SharedBytes: PlanMemory(opt.MemoryLimit).SharedStrings, Columns: maxColumns}
}
