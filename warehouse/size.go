package warehouse

import (
	"fmt"
	"strconv"
	"strings"
)

// sizeUnits are the units DuckDB accepts for memory_limit, in bytes.
var sizeUnits = map[string]float64{
	"": 1, "b": 1, "byte": 1, "bytes": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// ParseSize reads a size as DuckDB writes memory_limit ("4GB", "512 MiB", "1e6"): KB, MB,
// GB are powers of 1000, KiB, MiB, GiB powers of 1024, a bare number is bytes.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != 'e' })
	if i < 0 {
		i = len(t)
	}
	// "1e6" is a number, "1eb" is not a unit: back off an exponent that no digit follows
	if i > 0 && t[i-1] == 'e' {
		i--
	}
	num, unit := t[:i], strings.TrimSpace(t[i:])
	n, err := strconv.ParseFloat(num, 64)
	mult, ok := sizeUnits[unit]
	if err != nil || !ok || n <= 0 || n*mult >= 1<<62 {
		return 0, fmt.Errorf("size %q: want a number and a unit, e.g. 4MB, 512MiB, 2GB", s)
	}
	return int64(n * mult), nil
}

// FormatSize writes a size for DuckDB's memory_limit, in whole MiB.
func FormatSize(n int64) string { return fmt.Sprintf("%dMiB", max(1, n>>20)) }
