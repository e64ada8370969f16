# Pathways needs SQLite's FTS5, which mattn/go-sqlite3 compiles only with
# the sqlite_fts5 build tag; every target here sets it.
export GOFLAGS := -tags=sqlite_fts5

.PHONY: run test build fuzz clean

## run: start the directory with demo data on http://localhost:8080
run:
	go run ./cmd/pathways serve --demo --db pathways-demo.db

## test: run the whole test suite on SQLite, then on PostgreSQL when
## PATHWAYS_TEST_POSTGRES_URL names a server (eval "$$(.ci/postgres start)")
test:
	env -u PATHWAYS_TEST_POSTGRES_URL go test -count=1 ./...
	@if [ -n "$$PATHWAYS_TEST_POSTGRES_URL" ]; then \
		echo "== the same suite on PostgreSQL"; \
		go test -count=1 ./...; \
	elif [ "$$CI" = true ]; then \
		echo "PostgreSQL half: PATHWAYS_TEST_POSTGRES_URL is not set (CI must run it)" >&2; exit 1; \
	else \
		echo "PostgreSQL half skipped: run  eval \"\$$(.ci/postgres start)\"  (needs apt-get install postgresql) then make test"; \
	fi

## build: build the pathways binary
build:
	go build -o pathways ./cmd/pathways

clean:
	rm -f pathways pathways-demo.db pathways-demo.db-wal pathways-demo.db-shm

## fuzz: run every fuzz target for FUZZTIME each (CI runs this too)
FUZZTIME ?= 10s
fuzz:
	go test ./models -run '^$$' -fuzz '^FuzzSearchQuery$$' -fuzztime $(FUZZTIME)
	go test ./models -run '^$$' -fuzz '^FuzzParseProgramsCSV$$' -fuzztime $(FUZZTIME)
	go test ./models -run '^$$' -fuzz '^FuzzParseHSDS$$' -fuzztime $(FUZZTIME)
	go test ./handlers -run '^$$' -fuzz '^FuzzSubmissionForm$$' -fuzztime $(FUZZTIME)
	go test ./handlers -run '^$$' -fuzz '^FuzzSearchParameters$$' -fuzztime $(FUZZTIME)
	go test ./handlers -run '^$$' -fuzz '^FuzzHTMLEscape$$' -fuzztime $(FUZZTIME)
	go test ./handlers -run '^$$' -fuzz '^FuzzKeepLang$$' -fuzztime $(FUZZTIME)
