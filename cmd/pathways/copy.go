package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"pathways/models"
)

// cmdCopy moves a whole directory from one database into a new, empty one:
// pathways copy --from pathways.db --to postgres://…
func cmdCopy(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlagSet("copy")
	from := fs.FlagSet.String("from", "", "the database to copy (a SQLite file)")
	to := fs.FlagSet.String("to", "", "the new, empty database (postgres://…)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usageError{"usage: pathways copy --from FILE --to postgres://…"}
	}
	src, err := openExistingStore(ctx, *from, log)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openStore(ctx, *to, log)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := models.CopyDirectory(ctx, src, dst)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "copied, and the row counts match:")
	for _, t := range []string{"organizations", "programs", "locations", "submissions", "users", "audit_events"} {
		fmt.Fprintf(stdout, "  %-14s %d\n", t, counts[t])
	}
	return nil
}
