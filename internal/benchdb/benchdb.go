// Package benchdb gives benchmarks a database of N synthetic programs,
// built once with the bulk import and kept in the temporary directory, so
// that running a benchmark again does not wait for the load.
//
// Large databases are for benchmarks only: they are asked for with the
// variable PATHWAYS_BENCH_N, so the normal test run stays fast.
package benchdb

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"pathways/internal/synth"
	"pathways/models"
)

// EnvN names the variable that sets the directory's size; EnvDB, if set,
// names the database to use (or build): a SQLite file, or a PostgreSQL
// URL, filled when it has no programs.
const (
	EnvN  = "PATHWAYS_BENCH_N"
	EnvDB = "PATHWAYS_BENCH_DB"
)

// Seed is the generator's seed for every benchmark database.
const Seed = 1

// N returns the size asked for in PATHWAYS_BENCH_N, or skips tb.
func N(tb testing.TB) int {
	tb.Helper()
	n, err := strconv.Atoi(os.Getenv(EnvN))
	if err != nil || n < 1 {
		tb.Skipf("set %s (such as 100000) to run the benchmarks at scale", EnvN)
	}
	return n
}

// Open returns a store on a database of n synthetic programs, building
// the file if it does not exist yet.
func Open(tb testing.TB, n int) *models.Store {
	tb.Helper()
	path := os.Getenv(EnvDB)
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("pathways-bench-%d-%d.db", n, Seed))
	}
	log := slog.New(slog.DiscardHandler)
	if models.IsPostgresURL(path) {
		// A PostgreSQL database is filled when it has no programs yet.
		s := open(tb, path, log)
		count, err := s.CountPrograms(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		if count == 0 {
			if err := build(path, n, log); err != nil {
				tb.Fatal(err)
			}
		}
		return s
	}
	if _, err := os.Stat(path); err != nil {
		if err := build(path, n, log); err != nil {
			os.Remove(path)
			tb.Fatal(err)
		}
	}
	return open(tb, path, log)
}

func open(tb testing.TB, path string, log *slog.Logger) *models.Store {
	tb.Helper()
	s, err := models.Open(path, log)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func build(path string, n int, log *slog.Logger) error {
	ctx := context.Background()
	start := time.Now()
	s, err := models.Open(path, log)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	var csv bytes.Buffer
	if err := synth.WriteCSV(&csv, n, Seed); err != nil {
		return err
	}
	tax, err := s.Taxonomies(ctx)
	if err != nil {
		return err
	}
	rows, err := models.ParseProgramsCSV(&csv, models.NewValidator(tax))
	if err != nil {
		return err
	}
	if _, err := s.ImportPrograms(ctx, rows); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchdb: built %s with %d programs in %s\n", path, n, time.Since(start).Round(time.Second))
	return nil
}
