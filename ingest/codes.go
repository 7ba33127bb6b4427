package ingest

import (
	"errors"
	"regexp"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// ErrBadCode: an institution code that cannot be an identifier of the warehouse. A code
// names partition folders of the lake (institution=C) and report files, so ../../x or
// <script> is rejected where it comes in, with its row.
var ErrBadCode = errors.New("bad_code")

var safeCode = regexp.MustCompile(`^[\p{L}\p{N}_.-]+$`)

func isSafeCode(s string) bool {
	s = cell.NormalizeText(s)
	return safeCode.MatchString(s) && !strings.Contains(s, "..")
}
