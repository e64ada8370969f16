package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// MaintenanceInterval is how often the housekeeping job runs.
const MaintenanceInterval = 10 * time.Minute

// RunMaintenance deletes expired sessions and login failures older than
// the lockout window. With several instances on one PostgreSQL database it
// runs once per interval in all: an advisory lock lets one instance in at
// a time and job_runs says whether this period's run is done. It reports
// whether it ran.
func (s *Store) RunMaintenance(ctx context.Context, now time.Time) (bool, error) {
	ran := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect.name() == "postgres" {
			var got bool
			if err := tx.Raw("SELECT pg_try_advisory_xact_lock(hashtext('pathways.maintenance'))").Scan(&got).Error; err != nil {
				return err
			}
			if !got {
				return nil // another instance is at it
			}
		}
		var last struct{ LastRunAt time.Time }
		err := tx.Table("job_runs").Select("last_run_at").Where("name = ?", "maintenance").Take(&last).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		if err == nil && now.Sub(last.LastRunAt) < MaintenanceInterval {
			return nil
		}
		if err := tx.Exec("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
			now.Add(-SessionIdleTimeout), now.Add(-SessionAbsoluteTimeout)).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM login_failures WHERE created_at < ?", now.Add(-LoginWindow)).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO job_runs (name, last_run_at) VALUES ('maintenance', ?) ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at", now).Error; err != nil {
			return err
		}
		ran = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("models: maintenance: %w", err)
	}
	return ran, nil
}
