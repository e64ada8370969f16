package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"pathways/internal/synth"
)

// cmdGenerate writes a synthetic directory in the import CSV format, and
// optionally a search workload over it, for load tests and benchmarks:
//
//	pathways generate --n 100000 --seed 1 --out programs.csv [--queries queries.txt]
func cmdGenerate(_ context.Context, args []string, stdout io.Writer, _ *slog.Logger) error {
	fs := newFlagSet("generate")
	n := fs.FlagSet.Int("n", 1000, "number of programs")
	seed := fs.FlagSet.Uint64("seed", 1, "random seed: the same seed gives the same file")
	out := fs.FlagSet.String("out", "", "the CSV file to write (- for standard output)")
	queries := fs.FlagSet.String("queries", "", "also write a search workload here: one query string per line, after its kind and a tab")
	nq := fs.FlagSet.Int("nqueries", 600, "number of distinct searches in the workload")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || *n < 1 || fs.NArg() != 0 {
		return usageError{"usage: pathways generate --n N --seed S --out FILE.csv [--queries FILE]"}
	}
	if err := writeFile(*out, stdout, func(w io.Writer) error { return synth.WriteCSV(w, *n, *seed) }); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if *queries != "" {
		err := writeFile(*queries, stdout, func(w io.Writer) error {
			for _, q := range synth.Workload(*nq, *seed) {
				if _, err := fmt.Fprintf(w, "%s\t%s\n", q.Kind, q.Params); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("generate: %w", err)
		}
	}
	return nil
}

// writeFile writes through a buffer to path, or to stdout for "-".
func writeFile(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
