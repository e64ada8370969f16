package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"pathways/models"
)

// isHSDSFile reports whether an import file is HSDS JSON rather than CSV,
// by its name: .json (a list of services or an HSDS page) or .ndjson and
// .jsonl (one service per line).
func isHSDSFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".ndjson", ".jsonl":
		return true
	}
	return false
}

// importHSDS maps and publishes the services of an HSDS file, reporting
// per record what could not be imported. Unlike a CSV file, which is all
// or nothing, valid records are imported even when others are not (an
// HSDS file usually comes from another directory, where some records
// will not fit); the command still fails when any record was skipped.
//
// Records from another directory go to the moderation queue (queue true);
// with --publish they are published at once, as the CSV import does.
func importHSDS(ctx context.Context, store *models.Store, r io.Reader, name string, queue bool, stdout io.Writer) error {
	tax, err := store.Taxonomies(ctx)
	if err != nil {
		return err
	}
	records, err := models.ParseHSDS(r, models.NewValidator(tax), tax)
	if err != nil {
		return fmt.Errorf("%s: nothing was imported: %w", name, err)
	}
	if queue {
		return queueHSDS(ctx, store, records, name, stdout)
	}
	sum, err := store.ImportHSDS(ctx, records)
	if err != nil {
		return err
	}
	for _, rec := range records {
		switch {
		case len(rec.Problems) > 0:
			fmt.Fprintf(stdout, "%s: skipped: %s\n", rec.Label(), strings.Join(rec.Problems, "; "))
		case len(rec.Notes) > 0:
			fmt.Fprintf(stdout, "%s: imported without: %s\n", rec.Label(), strings.Join(rec.Notes, "; "))
		}
	}
	fmt.Fprintf(stdout, "imported %s: %d new, %d updated, %d unchanged, %d skipped\n", name, sum.Created, sum.Updated, sum.Unchanged, sum.Skipped)
	if sum.Skipped > 0 {
		return fmt.Errorf("%s: %d of %d record(s) skipped (the others were imported); see above", name, sum.Skipped, len(records))
	}
	return nil
}

// queueHSDS puts the valid records in the moderation queue and reports
// the others.
func queueHSDS(ctx context.Context, store *models.Store, records []models.HSDSRecord, name string, stdout io.Writer) error {
	var drafts []models.ProgramDraft
	skipped := 0
	for _, rec := range records {
		switch {
		case len(rec.Problems) > 0:
			skipped++
			fmt.Fprintf(stdout, "%s: skipped: %s\n", rec.Label(), strings.Join(rec.Problems, "; "))
			continue
		case len(rec.Notes) > 0:
			fmt.Fprintf(stdout, "%s: queued without: %s\n", rec.Label(), strings.Join(rec.Notes, "; "))
		}
		drafts = append(drafts, rec.Draft)
	}
	sum, err := store.QueueDrafts(ctx, drafts, filepath.Base(name))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "queued %s for moderation: %d new listings, %d updates (%d unchanged, not queued), %d skipped (use --publish to publish at once)\n",
		name, sum.New, sum.Updates, sum.Unchanged, skipped)
	if skipped > 0 {
		return fmt.Errorf("%s: %d of %d record(s) skipped (the others were queued); see above", name, skipped, len(records))
	}
	return nil
}
