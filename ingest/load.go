package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// Options for Ingest. The zero value detects everything.
type Options struct {
	Kind        string // force a dataset kind for every sheet
	Institution string // code or name, for files that do not say
	Year        int    // year for dates and months written without one (3月, 3月7日, 03-07), and the last resort for a sheet's year (docs/INGEST.md)
	MappingFile string // mapping file to use instead of the xuncha-map.ini files beside the data
	KeyPath     string // pseudonymisation key; "" means beside the warehouse
	// MaxCellBytes: a row with a larger cell is rejected, only a prefix of the cell kept
	// (0: 4 MiB).
	MaxCellBytes int64
	// MemoryLimit the process plans for (0: DefaultMemoryLimit); it bounds the readers
	// (PlanMemory). DuckDB's share is set when the warehouse is opened.
	MemoryLimit int64
	NewKey      bool // make or accept a new key for a warehouse that holds data (old pseudonyms stop matching)
	// Progress, when set, is called when a file starts and now and then while it is read.
	Progress func(Progress)
}

// Progress is where an Ingest run is: file i of N, the rows read so far of it, and
// bytes, for a time left (the row count of a file is not known before it is read).
type Progress struct {
	Path        string
	File, Files int    // 1-based
	Institution string // of the rows being read, once known
	Rows        int64  // rows of this file read so far
	RowsBefore  int64  // rows of the files finished before this one
	// Done is the size of the files finished before this one; Total of them all.
	Done, Total int64
}

// SheetResult says what one sheet was taken to be.
type SheetResult struct {
	Sheet, Kind, Detection, Institution string
	Read, Loaded, Rejected, Skipped     int64
	HeaderRow                           int
	Score                               float64       // how well the header fits Kind
	RunnerUp                            string        // the best-fitting other kind, if any (complete or not)
	RunnerUpScore                       float64       //
	Columns                             []ColumnMatch // per column: the field it took and why
	Mapping                             string        // the mapping-file section used, if any
	Period                              string        // the year or month read outside the table, and from where
	section                             *mapSection
}

// FileResult is the outcome of one file.
type FileResult struct {
	Path                            string
	FileID                          int64
	Duplicate                       bool // the same bytes were ingested before: nothing done
	Kinds                           []string
	Institution                     string
	Read, Loaded, Rejected, Skipped int64
	SkipReasons                     map[string]int64
	Warnings                        []string
	Rejects                         []*RowError // the first few, for the CLI; all are in raw.rejected
	Sheets                          []SheetResult
	Superseded                      []int64
	// Ignored says why a file met in a folder walk was left alone (no sheet of a
	// known kind: a readme, a truth file); files named explicitly fail instead.
	Ignored string
	Err     error // *FileError: nothing of the file was loaded
}

const rejectsKept = 20

// Ingest loads files and folders. Each file is one transaction. Folders are walked;
// files that need the institution registry are retried once it has been loaded.
//
// A file's check against earlier files, its ledger rows and its commit run beside the
// next file's hashing, header detection and first rows; the next file's transaction
// begins once the commit is done, so that it sees every earlier file (DuckDB gives a
// transaction the snapshot of its start), and files are committed in order.
func Ingest(ctx context.Context, db *warehouse.DB, paths []string, opt Options) (_ []FileResult, err error) {
	files, walked, err := expand(paths)
	if err != nil {
		return nil, err
	}
	keyPath := opt.KeyPath
	if keyPath == "" {
		keyPath = KeyPath(db.Path)
	}
	if err := EnsureRawTables(ctx, db.DB); err != nil {
		return nil, err
	}
	restore, err := oneThread(ctx, db)
	if err != nil {
		return nil, err
	}
	defer restore()
	blocks := newWrittenBlocks(ctx, db)
	defer func() {
		if lerr := blocks.restore(); err == nil {
			err = lerr
		}
	}()
	if len(files) > 1 {
		restoreCheckpoints, err := fewerCheckpoints(ctx, db, opt.MemoryLimit)
		if err != nil {
			return nil, err
		}
		defer func() {
			if cerr := restoreCheckpoints(); err == nil {
				err = cerr
			}
		}()
	}
	ps, err := openKey(ctx, db.DB, keyPath, opt.NewKey)
	if err != nil {
		return nil, err
	}
	reg, err := loadRegistry(ctx, db.DB)
	if err != nil {
		return nil, err
	}
	var results []FileResult
	var deferred []string
	var done, total, rowsDone int64
	size := map[string]int64{}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size[f] = st.Size()
			total += st.Size()
		}
	}
	// the file whose commit may still run
	var pending *fileRun
	finish := func() error {
		r := pending
		if r == nil {
			return nil
		}
		pending = nil
		res := r.wait()
		if errors.Is(res.Err, errNoKind) && walked[r.path] {
			res.Ignored, res.Err = errors.Unwrap(res.Err).Error(), nil
		}
		if errors.Is(res.Err, errNeedRegistry) && !r.last {
			deferred = append(deferred, r.path)
			return nil
		}
		results = append(results, res)
		done += size[r.path]
		rowsDone += res.Read
		if containsKind(res.Kinds, "institutions") && res.Err == nil && !res.Duplicate {
			var err error
			if reg, err = loadRegistry(ctx, db.DB); err != nil {
				return err
			}
		}
		return nil
	}
	fileNo := 0
	run := func(path string, last bool) error {
		fopt := opt
		if opt.Progress != nil {
			fileNo++
			at := Progress{Path: path, File: min(fileNo, len(files)), Files: len(files), RowsBefore: rowsDone, Done: done, Total: total}
			opt.Progress(at)
			fopt.Progress = func(p Progress) {
				p.Path, p.File, p.Files, p.RowsBefore, p.Done, p.Total = at.Path, at.File, at.Files, at.RowsBefore, at.Done, at.Total
				opt.Progress(p)
			}
		}
		r := startFile(ctx, db, path, fopt, reg, ps, blocks, pending)
		r.last = last
		err := finish()
		pending = r
		if err == nil && containsKind(r.kinds, "institutions") {
			// the next file attributes its rows by the registry this one may change
			err = finish()
		}
		if err != nil {
			return err
		}
		return ctx.Err()
	}
	for _, f := range files {
		if err := run(f, false); err != nil {
			return results, errors.Join(err, finish())
		}
	}
	if err := finish(); err != nil {
		return results, err
	}
	fileNo = len(files) - len(deferred)
	for _, f := range deferred {
		if err := run(f, true); err != nil {
			return results, errors.Join(err, finish())
		}
	}
	return results, finish()
}

// oneThread has DuckDB insert on one thread until restore. On more, an INSERT of a long
// stream of rows holds several partial row groups in memory at a time and leaves them
// behind in the file, for the next checkpoint to read back and merge (a 1M-row file:
// +60-90 MiB resident for seconds); on one, each row group is written out as it fills.
// The Go side reading the next rows keeps a second core busy.
func oneThread(ctx context.Context, db *warehouse.DB) (restore func(), err error) {
	var threads int64
	if err := db.QueryRowContext(ctx, "select current_setting('threads')").Scan(&threads); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "SET threads = 1"); err != nil {
		return nil, err
	}
	return func() { db.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("SET threads = %d", threads)) }, nil
}

// fewerCheckpoints has DuckDB checkpoint when the write-ahead log reaches a sixteenth of the
// ingest's memory limit (64 MiB by default) instead of 16 MiB, until restore, which
// checkpoints what is left. Each checkpoint rewrites the last row groups of the tables the
// files since the one before appended to, so most of its cost is paid per checkpoint, not
// per row: at 16 MiB the commits of the scale-10 district took a third of its CPU. What the
// log holds stays in memory until the checkpoint. A one-file ingest keeps DuckDB's threshold:
// a commit that would take the log past it checkpoints at once and writes no log, which for
// a 100k-row workbook peaks 15 MiB lower than going through the log.
func fewerCheckpoints(ctx context.Context, db *warehouse.DB, limit int64) (restore func() error, err error) {
	var threshold string
	if err := db.QueryRowContext(ctx, "select current_setting('checkpoint_threshold')").Scan(&threshold); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "SET checkpoint_threshold = "+warehouse.QuoteLiteral(warehouse.FormatSize(max(PlanMemory(limit).DuckDB/4, 16<<20)))); err != nil {
		return nil, err
	}
	return func() error {
		ctx := context.WithoutCancel(ctx)
		_, err := db.ExecContext(ctx, "SET checkpoint_threshold = "+warehouse.QuoteLiteral(threshold))
		if err == nil {
			_, err = db.ExecContext(ctx, "CHECKPOINT")
		}
		return err
	}, nil
}

func containsKind(kinds []string, k string) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// expand walks folders; registry-looking files first so that attribution works in one
// pass. walked marks the files found in a folder rather than named.
func expand(paths []string) (out []string, walked map[string]bool, err error) {
	walked = map[string]bool{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if strings.HasPrefix(name, ".") && path != p {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				return nil
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".parquet":
				out = append(out, path)
				walked[path] = true
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return registryFirst(out[i]) && !registryFirst(out[j]) })
	return out, walked, nil
}

func registryFirst(path string) bool {
	b := strings.ToLower(filepath.Base(path))
	return strings.Contains(b, "机构") || strings.Contains(b, "institution") || strings.Contains(b, "registry")
}

func fileHash(path string) (string, int64, error) {
	h := hashFile(path)
	return h.wait()
}

// hashing is a file's SHA-256 being computed on a goroutine of its own.
type hashing struct {
	done    chan struct{}
	stopped atomic.Bool
	sum     string
	n       int64
	err     error
}

func hashFile(path string) *hashing {
	h := &hashing{done: make(chan struct{})}
	go func() {
		defer close(h.done)
		f, err := os.Open(path)
		if err != nil {
			h.err = err
			return
		}
		defer f.Close()
		sh := sha256.New()
		buf := make([]byte, 1<<20)
		for !h.stopped.Load() {
			n, err := f.Read(buf)
			sh.Write(buf[:n])
			h.n += int64(n)
			if err == io.EOF {
				h.sum = hex.EncodeToString(sh.Sum(nil))
				return
			}
			if err != nil {
				h.err = err
				return
			}
		}
		h.err = errHashStopped
	}()
	return h
}

var errHashStopped = errors.New("hashing stopped")

func (h *hashing) wait() (string, int64, error) {
	<-h.done
	return h.sum, h.n, h.err
}

// stop ends the hashing early when its sum is no longer wanted.
func (h *hashing) stop() { h.stopped.Store(true) }

// fileRun is a file being ingested: startFile returns once its rows are in (or it has
// ended); its check against earlier files, ledger rows and commit may still run.
type fileRun struct {
	path  string
	last  bool   // a deferred file's second try
	sum   string // the file's hash, "" if it could not be read
	size  int64
	kinds []string // the kinds its rows were loaded as
	done  chan struct{}
	res   FileResult
}

// wait returns the file's result once it is committed or has failed.
func (r *fileRun) wait() FileResult {
	<-r.done
	return r.res
}

// ingestFile loads one file and waits for its commit.
func ingestFile(ctx context.Context, db *warehouse.DB, path string, opt Options, reg *registry, ps *pseudonymiser) FileResult {
	return startFile(ctx, db, path, opt, reg, ps, nil, nil).wait()
}

// startFile loads one file in a transaction that begins once before (the file before it,
// nil for none) has been committed or has failed.
func startFile(ctx context.Context, db *warehouse.DB, path string, opt Options, reg *registry, ps *pseudonymiser, blocks *writtenBlocks, before *fileRun) *fileRun {
	r := &fileRun{path: path, done: make(chan struct{})}
	res := FileResult{Path: path, SkipReasons: map[string]int64{}}
	end := func(err error) *fileRun {
		if err != nil {
			res.Err = &FileError{File: path, Err: err}
		}
		r.res = res
		close(r.done)
		return r
	}
	st, err := os.Stat(path)
	if err != nil {
		return end(err)
	}
	r.size = st.Size()
	// Only a file of the same size can be one loaded before: any other is hashed while
	// its rows are read.
	var sameSize bool
	if before != nil && before.size == r.size {
		sameSize = true
	} else if err := db.QueryRowContext(ctx, "select count(*) > 0 from meta.ingest_file where size_bytes = ?", r.size).Scan(&sameSize); err != nil {
		return end(err)
	}
	hashed := hashFile(path)
	defer hashed.stop()
	if sameSize {
		sum, _, err := hashed.wait()
		if err != nil {
			return end(err)
		}
		r.sum = sum
		if before != nil && before.sum == sum {
			before.wait()
		}
		var prior int64
		err = db.QueryRowContext(ctx, "select file_id from meta.ingest_file where sha256 = ? limit 1", sum).Scan(&prior)
		switch {
		case err == nil:
			res.Duplicate, res.FileID = true, prior
			return end(nil)
		case !errors.Is(err, sql.ErrNoRows):
			return end(err)
		}
	}
	sheets, closeSheets, err := openSheets(path, opt.readLimits())
	if err != nil {
		return end(err)
	}
	defer closeSheets()
	// a sequence is not transactional: a file that fails keeps its number, as before
	if err := db.QueryRowContext(ctx, "select nextval('meta.file_id_seq')").Scan(&res.FileID); err != nil {
		return end(err)
	}
	maps, err := findMappings(path, opt.MappingFile)
	if err != nil {
		return end(err)
	}
	l := &fileLoader{ctx: ctx, db: db, blocks: blocks, before: before, path: path, fileID: res.FileID, opt: opt, reg: reg, ps: ps,
		batches: map[string]*batch{}, res: &res, maps: maps}
	committing := false
	defer func() {
		if !committing {
			l.rollback()
		}
	}()
	book, err := findReviewMarker(sheets)
	if err != nil {
		return end(err)
	}
	var loadErr error
	if book != nil {
		if loadErr = l.begin(); loadErr == nil {
			loadErr = l.loadReviews(book, sheets)
		}
	} else {
		loadErr = l.loadSheets(sheets)
	}
	closeErr := l.flushAll()
	if err := errors.Join(loadErr, closeErr); err != nil {
		return end(err)
	}
	if res.Loaded == 0 && res.Rejected == 0 && len(res.Kinds) == 0 {
		return end(l.noKindError())
	}
	sum, size, err := hashed.wait()
	if err != nil {
		return end(err)
	}
	r.sum = sum
	if err := l.begin(); err != nil {
		return end(err)
	}
	r.kinds = slices.Clone(res.Kinds)
	committing = true
	go func() {
		err := l.record(sum, size)
		if err == nil {
			beforeCommit(path)
			_, err = l.conn.ExecContext(ctx, "COMMIT")
			if err == nil {
				l.conn.Close()
				l.conn = nil
			}
		}
		l.rollback()
		end(err)
	}()
	return r
}

// beforeCommit lets a test hold a commit back while the next file is read.
var beforeCommit = func(path string) {}

// begin waits for the file before to be committed, then opens the file's transaction.
func (l *fileLoader) begin() error {
	if l.conn != nil {
		return nil
	}
	if l.before != nil {
		l.before.wait()
	}
	conn, err := l.db.Conn(l.ctx)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(l.ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return err
	}
	l.conn = conn
	return nil
}

// inserter is the file's, made once its transaction has begun.
func (l *fileLoader) inserter() (*inserter, error) {
	if err := l.begin(); err != nil {
		return nil, err
	}
	if l.ins == nil {
		l.ins = newInserter(l.ctx, l.conn)
		l.ins.taken = l.blocks.file()
	}
	return l.ins, nil
}

// rollback ends the file's transaction, if still open, without its rows.
func (l *fileLoader) rollback() {
	if l.ins != nil {
		l.ins.finish()
		l.ins = nil
	}
	if l.conn != nil {
		l.conn.ExecContext(context.WithoutCancel(l.ctx), "ROLLBACK")
		l.conn.Close()
		l.conn = nil
	}
}

// fileLoader loads the sheets of one file inside its transaction.
type fileLoader struct {
	ctx     context.Context
	db      *warehouse.DB
	blocks  *writtenBlocks // nil: DuckDB keeps what it writes
	before  *fileRun       // the file whose commit this one's transaction waits for
	conn    *sql.Conn      // the file's transaction, once begun
	path    string
	fileID  int64
	opt     Options
	reg     *registry
	ps      *pseudonymiser
	batches map[string]*batch
	last    *batch // the batch written last
	long    int64  // bytes of the values over longText loaded or rejected
	ins     *inserter
	maps    mappings // mapping files that may fix a sheet's kind and columns
	res     *FileResult
	// why sheets were not loaded, for noKindError
	sheetsSeen   int
	specific     error // e.g. a kind recognised but a required column missing
	needRegistry bool
	from, to     time.Time
	insts        map[string]bool
	// the year and institution a workbook's title or footer gave, for its later sheets
	// without one
	bookYear     int
	bookYearFrom string
	bookInst     string
}

// write adds a row to raw.<table>, sending a full batch to DuckDB.
func (l *fileLoader) write(table string, vals []driver.Value) error {
	bt := l.last
	if bt == nil || bt.table != table {
		if bt = l.batches[table]; bt == nil {
			ct, _ := ContractFor(table)
			bt = newBatch(table, ct.Columns())
			l.batches[table] = bt
		}
		l.last = bt
	}
	before := bt.longAll
	if err := bt.add(vals); err != nil {
		return err
	}
	l.long += bt.longAll - before
	if !bt.full() {
		return nil
	}
	ins, err := l.inserter()
	if err != nil {
		return err
	}
	return ins.send(bt)
}

// flushAll sends what is left of every batch and waits for DuckDB to take it all.
func (l *fileLoader) flushAll() error {
	if len(l.batches) == 0 && l.ins == nil {
		return nil
	}
	names := make([]string, 0, len(l.batches))
	for n := range l.batches {
		names = append(names, n)
	}
	sort.Strings(names)
	var err error
	for _, n := range names {
		var ins *inserter
		if ins, err = l.inserter(); err != nil {
			break
		}
		if err = ins.send(l.batches[n]); err != nil {
			break
		}
	}
	if l.ins != nil {
		if ferr := l.ins.finish(); err == nil {
			err = ferr
		}
		l.ins = nil
	}
	for _, bt := range l.batches {
		bt.release()
	}
	return err
}

// noKindError explains in one line why nothing of the file was loaded: the most
// specific sheet problem, else that no sheet looked like any kind.
func (l *fileLoader) noKindError() error {
	if l.needRegistry {
		return errNeedRegistry
	}
	if l.specific != nil {
		return l.specific
	}
	if l.sheetsSeen == 0 {
		return fmt.Errorf("%w: no data rows in any sheet", errNoKind)
	}
	return fmt.Errorf("%w: no sheet has a header row of a known kind (looked at %d sheet(s), first %d rows each); pass --kind (%s)",
		errNoKind, l.sheetsSeen, headerScanRows, strings.Join(Kinds(), ", "))
}

func (l *fileLoader) reject(sheetName string, rowNo int, kind string, re *RowError, cells []string) error {
	re.File, re.Sheet, re.Row = l.path, sheetName, rowNo
	re.Value, cells = l.ps.redactCell("", re.Value), l.ps.redactCells(nil, cells)
	l.res.Rejected++
	if len(l.res.Rejects) < rejectsKept {
		l.res.Rejects = append(l.res.Rejects, re)
	}
	js, _ := json.Marshal(cells)
	if len(js) > longText {
		l.long += int64(len(js))
		if err := l.longWithin(sheetName, rowNo); err != nil {
			return err
		}
	}
	var col any
	if re.Column != "" {
		col = re.Column
	}
	ins, err := l.inserter()
	if err != nil {
		return err
	}
	return ins.reject([]driver.Value{l.fileID, sheetName, int32(rowNo), kind, col, re.Reason(), string(js)}, len(js))
}

// longWithin fails the file once its long values (over 4 KiB, loaded or rejected) pass the
// memory plan's share for them: DuckDB holds them until the file's commit, at several times
// their size and mostly outside its memory_limit: past an eighth of the limit the process
// could not stay within the limit (240 MiB of them took DuckDB past 800 MiB).
func (l *fileLoader) longWithin(sheetName string, rowNo int) error {
	if budget := PlanMemory(l.opt.MemoryLimit).LongText; l.long > budget {
		return fmt.Errorf("sheet %q row %d: the file's cells over %s hold more than %s, which DuckDB keeps in memory until the file is committed; split the file or raise --memory-limit",
			sheetName, rowNo, sizeString(longText), sizeString(budget))
	}
	return nil
}

func (l *fileLoader) skip(reason string) {
	l.res.SkipReasons[reason]++
	l.res.Skipped++
}

// record supersedes the earlier exports the file replaces and writes its ledger rows.
func (l *fileLoader) record(sum string, size int64) error {
	res := l.res
	res.Read = res.Loaded + res.Rejected + res.Skipped
	if len(l.insts) == 1 {
		for c := range l.insts {
			res.Institution = c
		}
	}
	var from, to any
	if !l.from.IsZero() {
		from, to = l.from, l.to
	}
	if err := l.supersede(); err != nil {
		return err
	}
	var inst any
	if res.Institution != "" {
		inst = res.Institution
	}
	_, err := l.conn.ExecContext(l.ctx, `insert into meta.ingest_file values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', NULL, ?)`,
		l.fileID, absPath(l.path), filepath.Base(l.path), sum, size, strings.Join(res.Kinds, ","), inst, from, to,
		res.Read, res.Loaded, res.Rejected, res.Skipped, formatCounts(res.SkipReasons), strings.Join(res.Warnings, "\n"), time.Now())
	if err != nil {
		return err
	}
	var columns [][]driver.Value
	for _, s := range res.Sheets {
		var kind, sinst any
		if s.Kind != "" {
			kind = s.Kind
		}
		if s.Institution != "" {
			sinst = s.Institution
		}
		var headerRow any
		if s.HeaderRow > 0 {
			headerRow = s.HeaderRow
		}
		if _, err := l.conn.ExecContext(l.ctx, `insert into meta.ingest_sheet values (?, ?, ?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?)`,
			l.fileID, s.Sheet, kind, s.Detection, headerRow, sinst, s.Read, s.Loaded, s.Rejected, s.Skipped); err != nil {
			return err
		}
		if err := l.recordMapping(s); err != nil {
			return err
		}
		columns = l.columnRows(columns, s)
	}
	return l.recordColumns(columns)
}

// columnRows adds the rows of meta.ingest_column of a loaded sheet: which field each column
// was taken for. A field no column was taken for is one the export does not have.
func (l *fileLoader) columnRows(rows [][]driver.Value, s SheetResult) [][]driver.Value {
	if s.Kind == "" || s.Loaded+s.Rejected == 0 {
		return rows
	}
	for _, c := range s.Columns {
		if c.Field == "" || c.Field == targetItem || c.Field == targetTotal {
			continue
		}
		rows = append(rows, []driver.Value{l.fileID, s.Sheet, s.Kind, int32(c.Column + 1), c.Header, c.Field, c.Score, c.Why})
	}
	return rows
}

// recordColumns appends the rows of meta.ingest_column (an INSERT a row cost as much as
// loading a small file).
func (l *fileLoader) recordColumns(rows [][]driver.Value) error {
	if len(rows) == 0 {
		return nil
	}
	return warehouse.Raw(l.ctx, l.conn, func(dc driver.Conn) error {
		app, err := duckdb.NewAppender(dc, "", "meta", "ingest_column")
		if err != nil {
			return fmt.Errorf("appender meta.ingest_column: %w", err)
		}
		for _, r := range rows {
			if err := app.AppendRow(r...); err != nil {
				app.Close()
				return err
			}
		}
		return app.Close()
	})
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func formatCounts(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, "; ")
}

// EnsureRawTables creates raw.<kind> for every contract and adds columns that a
// contract gained since the warehouse was made.
func EnsureRawTables(ctx context.Context, db *sql.DB) error {
	have := map[string]map[string]bool{} // table → its columns
	rows, err := db.QueryContext(ctx, rawColumnsSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return err
		}
		if have[table] == nil {
			have[table] = map[string]bool{}
		}
		have[table][col] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range contracts {
		cols := c.Columns()
		if have[c.Kind] == nil {
			defs := make([]string, len(cols))
			for i, col := range cols {
				defs[i] = warehouse.QuoteIdent(col.Name) + " " + col.SQLType
			}
			if _, err := db.ExecContext(ctx, fmt.Sprintf("create table if not exists raw.%s (%s)", warehouse.QuoteIdent(c.Kind), strings.Join(defs, ", "))); err != nil {
				return fmt.Errorf("raw.%s: %w", c.Kind, err)
			}
			continue
		}
		for _, col := range cols {
			if have[c.Kind][col.Name] {
				continue
			}
			if _, err := db.ExecContext(ctx, fmt.Sprintf("alter table raw.%s add column if not exists %s %s", warehouse.QuoteIdent(c.Kind), warehouse.QuoteIdent(col.Name), col.SQLType)); err != nil {
				return fmt.Errorf("raw.%s: %w", c.Kind, err)
			}
		}
	}
	return nil
}

var rawColumnsSQL = mustRead("ingest/raw_columns.sql")
