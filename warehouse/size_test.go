package warehouse

import "testing"

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"4MB", 4_000_000},
		{"4 MiB", 4 << 20},
		{"2GB", 2_000_000_000},
		{"1.5GiB", 3 << 29},
		{"512kib", 512 << 10},
		{"4194304", 4194304},
		{"1e6", 1_000_000},
		{"100 bytes", 100},
		{" 8g ", 8_000_000_000},
	} {
		if got, err := ParseSize(c.in); err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "MB", "4XB", "-1MB", "0", "four MB", "1e", "99999999TB"} {
		if n, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", bad, n)
		}
	}
}
