package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"pathways/handlers"
	"pathways/models"
)

func cmdServe(ctx context.Context, args []string, log *slog.Logger) error {
	fs := newFlagSet("serve")
	addr := fs.String("addr", ":8080", "address to listen on")
	db := fs.dbFlag()
	proxies := fs.String("trusted-proxy", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed")
	https := fs.Bool("https", false, "the site is served over HTTPS (Secure cookies, HSTS)")
	publicURL := fs.String("public-url", "", "the site's address as the public reaches it (https://pathways.example.org), for the full addresses pages print; default: the request's host")
	demo := fs.Bool("demo", false, "load the demo directory when the database is empty")
	replicaURL := fs.String("db-replica", "", "a PostgreSQL read replica (postgres://…) for public reads")
	drain := fs.Duration("shutdown-timeout", 15*time.Second, "how long SIGTERM waits for requests in flight")
	writeLimit := fs.Int("public-write-limit", 10, "submissions, updates, reports and withdrawals stored per client per 10 minutes (forms sent back with errors do not count; attempts of any kind are limited to ten times this)")
	loginLimit := fs.Int("login-limit", 10, "login attempts allowed per client per 5 minutes")
	memLimit := fs.String("memory-limit", "auto", "soft limit on the Go heap: auto (a little above the live heap, unless GOMEMLIMIT is set), off, or a size in MiB")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		// "pathways --db x.db migrate" used to start the server.
		return usageError{fmt.Sprintf("serve takes no arguments, got %q: a command comes first, its flags after it (pathways migrate --db FILE)", fs.Args())}
	}
	if *writeLimit < 1 || *loginLimit < 1 {
		return usageError{"--public-write-limit and --login-limit must be at least 1"}
	}
	if *drain < 0 {
		return usageError{"--shutdown-timeout must not be negative"}
	}
	autoMemory, fixedMemory, err := parseMemoryLimit(*memLimit)
	if err != nil {
		return usageError{err.Error()}
	}
	if fixedMemory > 0 {
		debug.SetMemoryLimit(fixedMemory)
	}
	trusted, err := handlers.ParseTrustedProxies(*proxies)
	if err != nil {
		return usageError{err.Error()}
	}
	public, err := handlers.ParsePublicURL(*publicURL)
	if err != nil {
		return usageError{err.Error()}
	}

	store, err := openStore(ctx, *db, log)
	if err != nil {
		return err
	}
	defer store.Close()
	if *replicaURL != "" {
		if err := store.AttachReplica(*replicaURL); err != nil {
			return err
		}
	}
	if *demo {
		if err := loadDemo(ctx, store, log); err != nil {
			return err
		}
	}

	e, err := handlers.New(ctx, store, log, handlers.Config{TrustedProxies: trusted, HTTPS: *https, PublicURL: public,
		PublicWriteLimit: handlers.Limit{Burst: *writeLimit, Per: 10 * time.Minute},
		LoginLimit:       handlers.Limit{Burst: *loginLimit, Per: 5 * time.Minute}})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           e,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := store.PrepareSuggestions(ctx); err != nil {
		log.Warn("spelling suggestions not prepared", "err", err.Error())
	}
	go maintain(ctx, store, log)
	if autoMemory {
		go followMemory(ctx, store, log)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", ln.Addr().String(), "db", redactedDSN(*db))
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests", "timeout", drain.String())
	sctx, cancel := context.WithTimeout(context.Background(), *drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// openStore opens the database and applies pending migrations.
func openStore(ctx context.Context, dsn string, log *slog.Logger) (*models.Store, error) {
	store, err := models.Open(dsn, log)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// openExistingStore is openStore for the commands that read a directory
// (backup, export, copy's source): a SQLite file that is not there is a
// usage error, not a new empty database — a mistyped --db made "backed
// up" an empty directory, and created the mistyped file.
func openExistingStore(ctx context.Context, dsn string, log *slog.Logger) (*models.Store, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		file, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
		if _, err := os.Stat(file); err != nil {
			return nil, usageError{fmt.Sprintf("%s: no such database (%v)", dsn, errors.Unwrap(err))}
		}
	}
	return openStore(ctx, dsn, log)
}

// maintain runs the housekeeping job; with several instances the database
// makes sure it runs once per interval in all.
func maintain(ctx context.Context, store *models.Store, log *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if _, err := store.RunMaintenance(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			log.Warn("maintenance failed", "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// redactedDSN is a database address fit for a log: a PostgreSQL URL's
// password, in its user part or its parameters, replaced by "xxxxx" (the
// journal of a server is read by more people than its configuration).
func redactedDSN(dsn string) string {
	if !models.IsPostgresURL(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "(a PostgreSQL address)"
	}
	q := u.Query()
	for _, secret := range []string{"password", "sslpassword"} { // libpq takes them there too
		if q.Has(secret) {
			q.Set(secret, "xxxxx")
			u.RawQuery = q.Encode()
		}
	}
	return u.Redacted()
}
