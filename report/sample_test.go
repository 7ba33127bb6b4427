package report

import (
	"fmt"
	"slices"
	"testing"
)

// sampleFixture: 40 items of 100 … 4,000 元 and one of 50,000 元, larger than any interval the
// tests use (total 132,000 元).
func sampleFixture() []SampleItem {
	var items []SampleItem
	for i := 1; i <= 40; i++ {
		items = append(items, SampleItem{Key: fmt.Sprintf("P%03d", i), AmountYuan: float64(i * 100)})
	}
	items = append(items, SampleItem{Key: "BIG", AmountYuan: 50000})
	return items
}

func sampleKeys(items []SampleItem) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	return keys
}

func TestDrawSample(t *testing.T) {
	items := sampleFixture()
	for _, tc := range []struct {
		method string
		size   int
		// want is how many items the draw holds (mus: fewer than size where an item holds
		// several points)
		want int
	}{
		{"random", 10, 10},
		{"random", 100, len(items)}, // never more than the population, none twice
		{"stratified", 10, 10},
		{"stratified", 2, 4}, // at least one per band
		{"mus", 10, 0},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.method, tc.size), func(t *testing.T) {
			a, _, err := DrawSample(items, tc.method, tc.size, 7)
			if err != nil {
				t.Fatal(err)
			}
			b, _, _ := DrawSample(items, tc.method, tc.size, 7)
			if !slices.Equal(sampleKeys(a), sampleKeys(b)) {
				t.Errorf("same seed, different draws:\n%v\n%v", sampleKeys(a), sampleKeys(b))
			}
			if tc.want > 0 && len(a) != tc.want {
				t.Errorf("%d items drawn, want %d: %v", len(a), tc.want, sampleKeys(a))
			}
			seen := map[string]bool{}
			for _, it := range a {
				if seen[it.Key] {
					t.Errorf("%s drawn twice", it.Key)
				}
				seen[it.Key] = true
			}
			if len(a) < len(items) {
				c, _, _ := DrawSample(items, tc.method, tc.size, 8)
				if slices.Equal(sampleKeys(a), sampleKeys(c)) {
					t.Errorf("seeds 7 and 8 drew the same items: %v", sampleKeys(a))
				}
			}
		})
	}
}

// A random draw is the first items in md5(seed || key) order, so it can be redrawn in SQL.
func TestDrawRandomOrder(t *testing.T) {
	items := sampleFixture()
	got, _, _ := DrawSample(items, "random", 1, 20241)
	best := items[0]
	for _, it := range items {
		if drawKey(20241, it.Key) < drawKey(20241, best.Key) {
			best = it
		}
	}
	if len(got) != 1 || got[0].Key != best.Key {
		t.Errorf("drew %v, want %s", sampleKeys(got), best.Key)
	}
	if k := drawKey(1, "x"); k != "38684612f0c6bb6dfa16da92f4a6878f" { // md5('1x')
		t.Errorf("drawKey(1, x) = %s", k)
	}
}

func TestDrawMUS(t *testing.T) {
	items := sampleFixture()
	total := 0.0
	for _, it := range items {
		total += it.AmountYuan
	}
	for seed := int64(0); seed < 50; seed++ {
		got, interval, err := DrawSample(items, "mus", 10, seed)
		if err != nil {
			t.Fatal(err)
		}
		if interval != total/10 {
			t.Fatalf("interval %v, want %v", interval, total/10)
		}
		keys := sampleKeys(got)
		if n := countOf(keys, "BIG"); n != 1 {
			t.Errorf("seed %d: the item larger than the interval drawn %d times: %v", seed, n, keys)
		}
		// BIG holds 3 or 4 of the 10 points (50,000 / 13,200 = 3.8), every other item one at most
		if len(got) != 7 && len(got) != 8 {
			t.Errorf("seed %d: %d items for 10 points: %v", seed, len(got), keys)
		}
	}
	// items of no amount are never drawn, and a population of them draws nothing
	zero := []SampleItem{{Key: "a"}, {Key: "b", AmountYuan: -5}}
	if got, _, _ := DrawSample(zero, "mus", 3, 1); len(got) != 0 {
		t.Errorf("drew %v from items of no positive amount", sampleKeys(got))
	}
}

func countOf(keys []string, k string) int {
	n := 0
	for _, x := range keys {
		if x == k {
			n++
		}
	}
	return n
}

func TestDrawStratified(t *testing.T) {
	items := sampleFixture() // 41 items: bands of 10, 10, 10, 11 by rank of amount
	for _, size := range []int{1, 4, 9, 20} {
		got, _, err := DrawSample(items, "stratified", size, 3)
		if err != nil {
			t.Fatal(err)
		}
		per := map[int]int{}
		for _, it := range got {
			per[it.Band]++
		}
		for b := 1; b <= sampleBands; b++ {
			if per[b] == 0 {
				t.Errorf("size %d: band %d not sampled: %v", size, b, per)
			}
		}
		if want := max(size, sampleBands); len(got) != want {
			t.Errorf("size %d: %d items, want %d", size, len(got), want)
		}
		if size == 20 && (per[1] != 5 || per[4] != 5) {
			t.Errorf("size 20: per band %v, want 5 in each (10/41·20 = 4.9)", per)
		}
	}
	// the largest item is in the top band, the smallest in the bottom one
	got, _, _ := DrawSample(items, "stratified", 41, 3)
	for _, it := range got {
		if it.Key == "BIG" && it.Band != 4 || it.Key == "P001" && it.Band != 1 {
			t.Errorf("%s in band %d", it.Key, it.Band)
		}
	}
	if items[0].Band != 0 {
		t.Error("a stratified draw marked the caller's items")
	}
}

func TestDrawSampleErrors(t *testing.T) {
	if _, _, err := DrawSample(sampleFixture(), "systematic", 5, 1); err == nil {
		t.Error("an unknown method was accepted")
	}
	if _, _, err := DrawSample(sampleFixture(), "random", 0, 1); err == nil {
		t.Error("size 0 was accepted")
	}
}

func TestSampleHeader(t *testing.T) {
	s := &Sample{Institution: Institution{Code: "A1", Name: "甲医院"}, Year: 2025, Of: "payments", Method: "mus",
		Seed: 7, Size: 3, Population: 41, TotalYuan: 132000, IntervalYuan: 44000, Items: sampleFixture()[:2]}
	want := "抽样清单 甲医院（A1） 2025年 payments：方法 mus，种子 7，样本量 2（要求 3），总体 41 项（¥132,000.00），抽样间隔 ¥44,000.00"
	if got := s.Header(); got != want {
		t.Errorf("header\n%s\nwant\n%s", got, want)
	}
}
