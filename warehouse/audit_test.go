package warehouse

import "testing"

func TestRedactIdentifiers(t *testing.T) {
	cases := []struct{ in, want string }{
		{`sql -c "select * from raw.claims where patient_id = '11010119900307123X'"`, `sql -c "select * from raw.claims where patient_id = '[redacted]'"`},
		{"where id=110101199003071234 and y=2025", "where id=[redacted] and y=2025"},
		{"old card 110101900307123", "old card [redacted]"},
		{`card = "6222020200112233"`, `card = "[redacted]"`},
		{"ingest 2025/巴南区人民医院 --year 2025", "ingest 2025/巴南区人民医院 --year 2025"},
		{"amount > 1000000 and code = 'A1'", "amount > 1000000 and code = 'A1'"},
		{"select '20250301' as d, 12500113XC000101", "select '20250301' as d, 12500113XC000101"},
	}
	for _, tc := range cases {
		if got := RedactIdentifiers(tc.in); got != tc.want {
			t.Errorf("RedactIdentifiers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
