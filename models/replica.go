package models

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// replica is a PostgreSQL streaming replica that takes the public reads.
// A watcher pings it every second; while it does not answer, public reads
// go to the primary.
type replica struct {
	db   *gorm.DB
	up   atomic.Bool
	stop chan struct{}
	wg   sync.WaitGroup
}

// replicaCheckInterval is how often the replica is pinged.
const replicaCheckInterval = time.Second

// AttachReplica sends the public read traffic (search, program pages, the
// JSON and HSDS APIs) to a PostgreSQL read replica. Writes and everything
// moderators see stay on the primary, so a moderator sees an approval at
// once; the public sees it when the replica has replayed it.
func (s *Store) AttachReplica(rawURL string) error {
	if s.dialect.name() != "postgres" || !IsPostgresURL(rawURL) {
		return fmt.Errorf("models: a read replica needs PostgreSQL for both the database and the replica")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("models: replica URL: %w", err)
	}
	q := u.Query()
	if q.Get("application_name") == "" {
		q.Set("application_name", "pathways-public-reads")
	}
	u.RawQuery = q.Encode()
	rs, err := openPostgresLazy(u.String())
	if err != nil {
		return err
	}
	r := &replica{db: rs, stop: make(chan struct{})}
	r.up.Store(r.ping() == nil)
	if !r.up.Load() {
		s.log.Warn("read replica not answering: public reads go to the primary")
	}
	r.wg.Add(1)
	go r.watch(s)
	s.replica = r
	return nil
}

func (r *replica) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)
	defer cancel()
	var one int
	return r.db.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error
}

func (r *replica) watch(s *Store) {
	defer r.wg.Done()
	t := time.NewTicker(replicaCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			up := r.ping() == nil
			if was := r.up.Swap(up); was != up {
				if up {
					s.log.Info("read replica answering again: public reads go to it")
				} else {
					s.log.Warn("read replica not answering: public reads go to the primary")
				}
			}
		}
	}
}

func (r *replica) close() error {
	close(r.stop)
	r.wg.Wait()
	d, err := r.db.DB()
	if err != nil {
		return err
	}
	return d.Close()
}

// reader is where public reads go: the replica while it answers, else the
// read pool (the primary on PostgreSQL).
func (s *Store) reader() *gorm.DB {
	if s.replica != nil && s.replica.up.Load() {
		return s.replica.db
	}
	return s.read
}

// ReplicaStatus says whether a replica is attached and answering.
func (s *Store) ReplicaStatus() (attached, up bool) {
	if s.replica == nil {
		return false, false
	}
	return true, s.replica.up.Load()
}
