package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

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
	pending := fs.FlagSet.Bool("pending", false, "put the programs in the moderation queue instead of publishing them (the default for HSDS files)")
	publish := fs.FlagSet.Bool("publish", false, "publish HSDS records at once instead of queueing them for moderators")
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
	// Interrupted (Ctrl-C, SIGTERM), the import's transaction is rolled
	// back and the command says so; a second signal ends it at once.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	err = importFile(ctx, f, fs.Arg(0), *db, *pending, *publish, stdout, log)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("%s: interrupted; nothing was imported", fs.Arg(0))
	}
	return err
}

// importFile imports one opened file (cmdImport).
func importFile(ctx context.Context, f *os.File, name, db string, pending, publish bool, stdout io.Writer, log *slog.Logger) error {
	store, err := openStore(ctx, db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	r, looksJSON := sniffImport(f)
	csvName := strings.EqualFold(filepath.Ext(name), ".csv") // a header cell may begin with "["
	if isHSDSFile(name) || looksJSON && !csvName {
		return importHSDS(ctx, store, r, name, !publish, stdout)
	}
	if pending {
		return queueCSV(ctx, store, r, name, stdout)
	}
	sum, err := importCSV(ctx, store, r)
	if err != nil {
		var ie *models.ImportError
		if errors.As(err, &ie) {
			return fmt.Errorf("%s: nothing was imported; %d problem(s):\n%s", name, len(ie.Problems), ie.Error())
		}
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d new, %d updated, %d unchanged\n", name, sum.Created, sum.Updated, sum.Unchanged)
	return nil
}

// sniffImport reads past a UTF-8 byte order mark, which a JSON decoder
// refuses ("invalid character 'ï'"), and says whether the file begins as
// JSON does: an HSDS file is recognised by its content, whatever its name
// ends with (an export named x.hsds-json was read as CSV).
func sniffImport(f io.Reader) (io.Reader, bool) {
	br := bufio.NewReader(f)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	for n := 1; n <= 512; n++ {
		b, err := br.Peek(n)
		if err != nil || len(b) < n {
			return br, false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return br, true
		}
		return br, false
	}
	return br, false
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

// queueCSV validates a whole CSV file and puts its programs in the
// moderation queue, all or nothing.
func queueCSV(ctx context.Context, store *models.Store, r io.Reader, name string, stdout io.Writer) error {
	tax, err := store.Taxonomies(ctx)
	if err != nil {
		return err
	}
	rows, err := models.ParseProgramsCSV(r, models.NewValidator(tax))
	if err != nil {
		var ie *models.ImportError
		if errors.As(err, &ie) {
			return fmt.Errorf("%s: nothing was imported; %d problem(s):\n%s", name, len(ie.Problems), ie.Error())
		}
		return err
	}
	drafts := make([]models.ProgramDraft, len(rows))
	for i, r := range rows {
		drafts[i] = r.Draft
	}
	sum, err := store.QueueDrafts(ctx, drafts, filepath.Base(name))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "queued %s for moderation: %d new listings, %d updates (%d unchanged, not queued)\n", name, sum.New, sum.Updates,
		sum.Unchanged)
	return nil
}
