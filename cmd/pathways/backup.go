package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// cmdBackup takes a consistent online copy of the database while the
// server keeps running.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlagSet("backup")
	db := fs.dbFlag()
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup needs the file to write: pathways backup [--db FILE] backup.db"}
	}
	store, err := openExistingStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *db, fs.Arg(0))
	return nil
}
