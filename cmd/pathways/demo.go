package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"log/slog"

	"pathways/models"
)

// demoPrograms is a fictional directory for trying Pathways out.
//
//go:embed demo_programs.csv
var demoPrograms []byte

// loadDemo imports the demo directory into an empty database only: never
// over real data.
func loadDemo(ctx context.Context, store *models.Store, log *slog.Logger) error {
	n, err := store.CountPrograms(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("demo data not loaded: the database already holds programs", "programs", n)
		return nil
	}
	sum, err := importCSV(ctx, store, bytes.NewReader(demoPrograms))
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	log.Info("demo data loaded", "programs", sum.Created)
	return nil
}
