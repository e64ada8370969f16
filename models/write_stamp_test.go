package models

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"pathways/models/testdb"
)

// newSince is what a sync is given of items: the ids of those changed
// after since (those at since it has already), and the latest time among
// them (since if none).
func newSince[T any](since time.Time, items []T, at func(T) (string, time.Time)) ([]string, time.Time) {
	var ids []string
	latest := since
	for _, it := range items {
		id, t := at(it)
		if t.After(since) {
			ids = append(ids, id)
		}
		if t.After(latest) {
			latest = t
		}
	}
	return ids, latest
}

// TestSyncMissesNoWriteThatCommitsLate: a consumer that syncs by asking
// for what changed since the latest time it saw misses no write. Two
// writes of the directory run at once; the first takes its stamp and is
// held there, before its commit. On PostgreSQL the second used to go on,
// stamped later and committed first: a consumer that synced in between
// saw the second's time, and the first, committed afterwards with an
// earlier stamp, was never given to it. Now the second waits for the
// first's commit (publicWrite), as on SQLite, where writes are one after
// the other. The same for modified_after (a verified program) and for
// removed-programs (an archived one).
func TestSyncMissesNoWriteThatCommitsLate(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(s *Store, admin *User, id string) error
		// sync returns the ids changed after since (a consumer is given
		// those at since again, which it has), and the latest time among
		// those given (since if none).
		sync func(t *testing.T, s *Store, since time.Time) ([]string, time.Time)
	}{
		{"modified_after", func(s *Store, admin *User, id string) error {
			return s.VerifyProgram(context.Background(), admin, id, time.Now())
		}, func(t *testing.T, s *Store, since time.Time) ([]string, time.Time) {
			ps, _, err := s.HSDSServices(context.Background(), HSDSFilter{ModifiedAfter: since}, 1, 100)
			if err != nil {
				t.Fatal(err)
			}
			return newSince(since, ps, func(p *Program) (string, time.Time) { return p.ID, p.UpdatedAt })
		}},
		{"removed-programs", func(s *Store, admin *User, id string) error {
			return s.SetProgramStatus(context.Background(), admin, id, StatusArchived, "")
		}, func(t *testing.T, s *Store, since time.Time) ([]string, time.Time) {
			rs, err := s.RemovedPrograms(context.Background(), since, nil, 100)
			if err != nil {
				t.Fatal(err)
			}
			return newSince(since, rs, func(r RemovedProgram) (string, time.Time) { return r.ID, r.RemovedAt })
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStore(t)
			importCSV(t, s, `First Club,Org A,Summary.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
Second Club,Org B,Summary.,,education,young-people,,,,,BE,,Gent,,,false,,,,,,,,,
`)
			admin := testUser(t, s, "admin@example.org", RoleAdmin)
			ps, _, err := s.HSDSServices(context.Background(), HSDSFilter{}, 1, 10)
			if err != nil || len(ps) != 2 {
				t.Fatalf("%d programs, %v", len(ps), err)
			}
			first, second := ps[0].ID, ps[1].ID
			_, since := c.sync(t, s, time.Now().Add(-time.Hour)) // the consumer's first sync

			held, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			s.stamped = func() {
				hold := false
				once.Do(func() { hold = true })
				if hold {
					close(held)
					<-release
				}
			}
			firstDone, secondDone := make(chan error, 1), make(chan error, 1)
			go func() { firstDone <- c.write(s, admin, first) }()
			<-held // the first write has its stamp, and has not committed
			waits := waitingWrites(t, s)
			go func() { secondDone <- c.write(s, admin, second) }()
			// The second write commits, or waits for the first.
			secondEnded := false
			for !secondEnded && waitingWrites(t, s) == waits {
				select {
				case err := <-secondDone:
					if err != nil {
						t.Fatal(err)
					}
					secondEnded = true
				case <-time.After(time.Millisecond):
				}
			}
			seen, latest := c.sync(t, s, since) // a sync in between
			close(release)
			if err := <-firstDone; err != nil {
				t.Fatal(err)
			}
			if !secondEnded {
				if err := <-secondDone; err != nil {
					t.Fatal(err)
				}
			}
			next, _ := c.sync(t, s, latest) // the next sync, from the latest time seen
			for _, id := range []string{first, second} {
				if !slices.Contains(seen, id) && !slices.Contains(next, id) {
					t.Errorf("the write of %s is never given: in between %v (latest %v), then %v", id, seen, latest, next)
				}
			}
		})
	}
}

// waitingWrites counts the writes of the store waiting for another: on
// SQLite for its one writing connection, on PostgreSQL for a lock.
func waitingWrites(t *testing.T, s *Store) int64 {
	t.Helper()
	if !testdb.Postgres() {
		db, err := s.db.DB()
		if err != nil {
			t.Fatal(err)
		}
		return db.Stats().WaitCount
	}
	var n int64
	err := s.read.Raw("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n
}
