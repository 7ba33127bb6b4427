package selfcheck

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestWriteMatchesCSV(t *testing.T) {
	ms := []Match{
		{ClauseID: "ZB-L.1.2.2", Rank: 2, Score: 0.41251, Text: "严肃党内政治生活,严明政治纪律", Reason: "x"},
		{ClauseID: "ZB-L.2.4.6", Rank: 1, Score: 0.9, Text: "规范开展药品、器械、耗材“招标”采购", Reason: "y"},
		{ClauseID: "ZB-L.3.1.1", Rank: 3, Score: 0.1, Text: "加强医院管理"},
		{ClauseID: "ZB-L.3.1.2", Rank: 4, Score: 0.05, Text: "四"},
	}
	tests := []struct {
		name string
		ms   []Match
		want string
	}{
		{"none", nil, "rank,clause_id,score,clause_text\n"},
		{"one", ms[1:2], "rank,clause_id,score,clause_text\n1,ZB-L.2.4.6,0.900,规范开展药品、器械、耗材“招标”采购\n"},
		{"three of four, best first, quoted comma", ms, "rank,clause_id,score,clause_text\n" +
			"1,ZB-L.2.4.6,0.900,规范开展药品、器械、耗材“招标”采购\n" +
			"2,ZB-L.1.2.2,0.413,\"严肃党内政治生活,严明政治纪律\"\n" +
			"3,ZB-L.3.1.1,0.100,加强医院管理\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMatches(&b, tt.ms, "csv"); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// The CSV of a real match parses back: header exactly, ≤ 3 rows, ranks 1.., scores descending.
func TestWriteMatchesCSVRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMatches(&b, MatchText("ZB-L", "我院严格执行药品耗材阳光平台采购，无线下采购情况", 10), "csv"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != CSVHeader || len(recs) != 4 {
		t.Fatalf("records %q", recs)
	}
	if recs[1][0] != "1" || recs[1][1] != "ZB-L.2.4.6" || recs[3][0] != "3" {
		t.Errorf("rows %q", recs[1:])
	}
	c, _ := Lookup("ZB-L.2.4.6")
	if recs[1][3] != c.Text {
		t.Errorf("clause text %q", recs[1][3])
	}
}

func TestWriteMatchesTable(t *testing.T) {
	ms := MatchText("ZB-L", "我院严格执行药品耗材阳光平台采购，无线下采购情况", 3)
	var b bytes.Buffer
	if err := WriteMatches(&b, ms, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	// Columns line up by display width: the clause text starts at the same column everywhere.
	col := -1
	for i, l := range lines {
		want := "clause_text"
		if i > 0 {
			want = ms[i-1].Text
		}
		idx := strings.Index(l, want)
		if idx < 0 {
			t.Fatalf("line %d lacks %q: %q", i, want, l)
		}
		w := displayWidth(l[:idx])
		if col >= 0 && w != col {
			t.Errorf("line %d: clause text at column %d, header at %d\n%s", i, w, col, b.String())
		}
		col = w
	}
	if !strings.Contains(lines[1], "ZB-L.2.4.6") || !strings.Contains(lines[1], "线下采购") {
		t.Errorf("first row %q", lines[1])
	}
	if !strings.Contains(lines[2], "  ?  ") {
		t.Errorf("second row should be marked unconfident: %q", lines[2])
	}

	b.Reset()
	if err := WriteMatches(&b, MatchText("ZB-L", "今天天气很好", 1), "table"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "unmatched") {
		t.Errorf("unmatched row not explained:\n%s", b.String())
	}
	b.Reset()
	if err := WriteMatches(&b, nil, "table"); err != nil || !strings.Contains(b.String(), "(no match)") {
		t.Errorf("empty table: %v %q", err, b.String())
	}
}

func TestWriteMatchesFormat(t *testing.T) {
	for _, f := range []string{"", "json", "CSV"} {
		if err := WriteMatches(&bytes.Buffer{}, nil, f); !errors.Is(err, ErrFormat) {
			t.Errorf("format %q: err %v", f, err)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for _, tt := range []struct {
		s string
		w int
	}{{"", 0}, {"abc", 3}, {"线下", 4}, {"ZB-L 采购，", 11}} {
		if got := displayWidth(tt.s); got != tt.w {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.w)
		}
	}
}
