# Pathways needs SQLite's FTS5, which mattn/go-sqlite3 compiles only with
# the sqlite_fts5 build tag; every target here sets it.
export GOFLAGS := -tags=sqlite_fts5

.PHONY: run test build fuzz clean

## run: start the directory with demo data on http://localhost:8080
run:
	go run ./cmd/pathways serve --demo --db pathways-demo.db

## test: run the whole test suite
test:
	go test -count=1 ./...

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
	go test ./handlers -run '^$$' -fuzz '^FuzzSubmissionForm$$' -fuzztime $(FUZZTIME)
	go test ./handlers -run '^$$' -fuzz '^FuzzSearchParameters$$' -fuzztime $(FUZZTIME)
