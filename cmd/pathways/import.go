package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"pathways/models"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlagSet("migrate")
	db := fs.dbFlag()
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

func cmdImport(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlagSet("import")
	db := fs.dbFlag()
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"import needs one file: pathways import [--db FILE] data.csv|services.json|services.ndjson"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := openStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	if isHSDSFile(fs.Arg(0)) {
		return importHSDS(ctx, store, f, fs.Arg(0), stdout)
	}
	sum, err := importCSV(ctx, store, f)
	if err != nil {
		var ie *models.ImportError
		if errors.As(err, &ie) {
			return fmt.Errorf("%s: nothing was imported; %d problem(s):\n%s", fs.Arg(0), len(ie.Problems), ie.Error())
		}
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d new, %d updated\n", fs.Arg(0), sum.Created, sum.Updated)
	return nil
}

// importCSV parses, validates and stores a whole CSV file, all or nothing.
func importCSV(ctx context.Context, store *models.Store, r io.Reader) (models.ImportSummary, error) {
	tax, err := store.Taxonomies(ctx)
	if err != nil {
		return models.ImportSummary{}, err
	}
	rows, err := models.ParseProgramsCSV(r, models.NewValidator(tax))
	if err != nil {
		return models.ImportSummary{}, err
	}
	return store.ImportPrograms(ctx, rows)
}
