package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"pathways/models"
)

// Export formats.
const (
	formatHSDSJSON = "hsds-json" // HSDS services, one per line (NDJSON)
	formatHSDSCSV  = "hsds-csv"  // the HSDS tabular data package, zipped
	formatCSV      = "csv"       // the import CSV
)

// cmdExport writes the whole published directory to a file. The file
// appears only once complete: a failed export leaves nothing half written.
func cmdExport(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger) error {
	fs := newFlagSet("export")
	db := fs.dbFlag()
	format := fs.String("format", formatHSDSJSON, "hsds-json (HSDS services as NDJSON), hsds-csv (HSDS tabular data package, zipped) or csv (the import format)")
	out := fs.String("out", "", "the file to write, or - for standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	usage := "export needs a format and a file: pathways export [--db FILE] --format hsds-json|hsds-csv|csv --out PATH"
	if fs.NArg() != 0 || *out == "" {
		return usageError{usage}
	}
	write, ok := exporters()[*format]
	if !ok {
		return usageError{fmt.Sprintf("unknown export format %q; %s", *format, usage)}
	}
	store, err := openExistingStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	if *out == "-" {
		_, _, err := write(ctx, store, stdout)
		return err
	}
	n, notes, err := writeAtomically(*out, func(w io.Writer) (int, []string, error) { return write(ctx, store, w) })
	if err != nil {
		return err
	}
	for _, note := range notes {
		fmt.Fprintln(stdout, note)
	}
	fmt.Fprintf(stdout, "exported %d published program(s) as %s to %s\n", n, *format, *out)
	return nil
}

// exporter writes the directory in one format and returns how many
// programs it wrote and what the format could not carry.
type exporter func(ctx context.Context, store *models.Store, w io.Writer) (int, []string, error)

func exporters() map[string]exporter {
	return map[string]exporter{
		formatHSDSJSON: func(ctx context.Context, s *models.Store, w io.Writer) (int, []string, error) {
			n, err := s.ExportHSDSJSON(ctx, w)
			return n, nil, err
		},
		formatHSDSCSV: func(ctx context.Context, s *models.Store, w io.Writer) (int, []string, error) {
			n, err := s.ExportHSDSTabular(ctx, w)
			return n, nil, err
		},
		formatCSV: func(ctx context.Context, s *models.Store, w io.Writer) (int, []string, error) {
			return s.ExportCSV(ctx, w)
		},
	}
}

// writeAtomically writes to a temporary file next to path and renames it
// into place once write has succeeded. A path that is there and not a
// regular file (/dev/null, /dev/stdout, a named pipe) is written to as it
// is: renamed over, "export --out /dev/null", run as root, replaced the
// machine's /dev/null with a file.
func writeAtomically(path string, write func(io.Writer) (int, []string, error)) (int, []string, error) {
	// Lstat: a link (/dev/stdout to a redirected file) is written through,
	// not renamed over.
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return 0, nil, fmt.Errorf("export to %s: it is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return 0, nil, fmt.Errorf("export: %w", err)
		}
		n, notes, err := write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, nil, fmt.Errorf("export to %s: %w", path, err)
		}
		return n, notes, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, nil, fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is there to remove
	n, notes, err := write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644) // public data, like the API it mirrors
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("export to %s: %w", path, err)
	}
	return n, notes, nil
}
