# xuncha — every target builds with the duckdb_arrow tag (DESIGN.md).
GO      ?= go
TAGS    := -tags duckdb_arrow
BIN     := bin/xuncha
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -ldflags "-X main.Version=$(VERSION)"
DEMO    ?= demo

.PHONY: build test demo eval eval-dialects bench bench-scale lint fuzz clean

build:
	$(GO) build $(TAGS) $(LDFLAGS) -o $(BIN) ./cmd/xuncha

# The test command CI runs: unit, golden, end-to-end and data tests.
test:
	$(GO) test $(TAGS) -count=1 -timeout 30m ./...

# Sample district → ingest → build → reports, on the embedded defaults.
demo: build
	$(BIN) demo --out $(DEMO)

# Default district → ingest → build → score every implemented rule against truth.csv.
eval: build
	rm -rf eval-out
	$(BIN) samples --out eval-out/data
	$(BIN) --db eval-out/xuncha.duckdb ingest -q eval-out/data || [ $$? -eq 3 ]
	$(BIN) --db eval-out/xuncha.duckdb build
	$(BIN) --db eval-out/xuncha.duckdb eval --truth eval-out/data/truth.csv

# The district in every samples dialect (docs/SAMPLES.md) → ingest → build → score: kinds
# recognised, rows loaded, recall and precision per dialect. Fails unless every kind is
# recognised and 99 % of rows load in each. Not part of make test.
eval-dialects:
	$(GO) test -tags duckdb_arrow,dialecteval -count=1 -v -run '^TestEvalDialects$$' -timeout 30m ./cmd/xuncha

# BenchmarkScale* repeat their child-process measurements themselves (3×, medians).
bench:
	$(GO) test $(TAGS) -run '^$$' -bench . -skip 'Scale' -benchtime 3x -timeout 60m ./...
	$(GO) test $(TAGS) -run '^$$' -bench 'Scale' -benchtime 1x -timeout 60m -v ./ingest

# samples → ingest → build at growing volume (scale 100 ≈ 20M claim lines, about half an hour)
SCALES ?= 1 10 100
bench-scale: build
	scripts/bench-scale.sh $(BIN) bench-out $(SCALES)

lint:
	$(GO) vet $(TAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }

fuzz:
	@for p in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  for f in $$($(GO) test $(TAGS) -list '^Fuzz' $$p | grep ^Fuzz); do \
	    $(GO) test $(TAGS) -run '^$$' -fuzz "^$$f$$" -fuzztime 20s $$p || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(DEMO) eval-out bench-out
