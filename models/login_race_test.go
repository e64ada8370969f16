package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestOwnLoginsEraseNoOtherAccountsFailures: a success deletes the
// failures of the e-mail it was typed with, and only those. An attacker
// who holds an account of their own and logs into it again and again
// while guessing another account's password, the e-mail written every
// way that finds that account (case, spaces, a Kelvin sign for a "k"),
// gets no more than LoginMaxFailures guesses checked: the guesses are all
// counted under one key, and their own successes never delete it.
// (The per-client limit counts every attempt, a success too:
// TestCorrectLoginsCountAgainstTheClientLimit in handlers.)
func TestOwnLoginsEraseNoOtherAccountsFailures(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	testUser(t, s, "kim.victim@example.org", RoleAdmin)
	testUser(t, s, "attacker@example.org", RoleModerator)
	variants := []string{"kim.victim@example.org", "KIM.Victim@example.org", "  kim.victim@EXAMPLE.ORG ", "\u212Aim.victim@example.org"}
	checked := 0
	var wg sync.WaitGroup
	for i := 0; checked <= LoginMaxFailures && i < 2*LoginMaxFailures; i++ {
		// The attacker's own logins, in parallel with each guess.
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.Authenticate(ctx, "attacker@example.org", "correct horse battery")
			}()
		}
		_, err := s.Authenticate(ctx, variants[i%len(variants)], fmt.Sprintf("guess number %d", i))
		switch {
		case errors.Is(err, ErrBadCredentials):
			checked++
		case errors.Is(err, ErrLockedOut):
		default:
			t.Fatal(err)
		}
		wg.Wait()
	}
	if checked != LoginMaxFailures {
		t.Errorf("%d guesses checked against another account while logging into one's own, want %d", checked, LoginMaxFailures)
	}
}

// TestLockedOutAttemptDeletesOnlyItsOwnRecord: an attempt over the limit
// deletes its own record once it has answered (it must not prolong the
// lockout). Its record may be gone by then, deleted with the failures of
// its e-mail by a success sent at the same time; SQLite gave the next
// failure recorded, of any account, the id it had, and the late delete
// erased that failure. An attacker logging into their own account while
// attempts over its limit were pending had their guesses at another
// account's password erased one by one, and more than LoginMaxFailures
// checked.
func TestLockedOutAttemptDeletesOnlyItsOwnRecord(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	testUser(t, s, "victim@example.org", RoleAdmin)
	testUser(t, s, "attacker@example.org", RoleModerator)

	// Attempts of the attacker's account wait after counting until let go.
	type hold struct{ counted, release chan struct{} }
	holds := map[int64]hold{}
	for _, n := range []int64{1, LoginMaxFailures + 1} {
		holds[n] = hold{make(chan struct{}), make(chan struct{})}
	}
	loginCounted = func(email string, failures int64) {
		if h, ok := holds[failures]; ok && email == "attacker@example.org" {
			close(h.counted)
			<-h.release
		}
	}
	t.Cleanup(func() { loginCounted = nil })

	// The attacker logs in (held before the password check), then fails
	// up to the limit and once more: that attempt is locked out, held
	// before it deletes its record.
	success := make(chan error, 1)
	go func() {
		_, err := s.Authenticate(ctx, "attacker@example.org", "correct horse battery")
		success <- err
	}()
	<-holds[1].counted
	for range LoginMaxFailures - 1 {
		if _, err := s.Authenticate(ctx, "attacker@example.org", "wrong"); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	locked := make(chan error, 1)
	go func() {
		_, err := s.Authenticate(ctx, "attacker@example.org", "wrong")
		locked <- err
	}()
	<-holds[LoginMaxFailures+1].counted
	// The success deletes the attacker's failures, the locked-out
	// attempt's record with them.
	close(holds[1].release)
	if err := <-success; err != nil {
		t.Fatal(err)
	}
	// A failure of an unknown e-mail, then guesses at the victim's
	// password up to the limit: with ids reused, the last had the id of
	// the locked-out attempt's record.
	if _, err := s.Authenticate(ctx, "nobody@example.org", "whatever"); !errors.Is(err, ErrBadCredentials) {
		t.Fatal(err)
	}
	for i := range LoginMaxFailures {
		if _, err := s.Authenticate(ctx, "victim@example.org", fmt.Sprintf("guess %d", i)); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	close(holds[LoginMaxFailures+1].release)
	if err := <-locked; !errors.Is(err, ErrLockedOut) {
		t.Fatalf("the attempt over the attacker's limit: %v", err)
	}
	var failures int64
	s.db.Raw("SELECT count(*) FROM login_failures WHERE email = ?", "victim@example.org").Scan(&failures)
	if failures != LoginMaxFailures {
		t.Errorf("%d failures on record for %d guesses at the victim's password", failures, LoginMaxFailures)
	}
	if _, err := s.Authenticate(ctx, "victim@example.org", "one guess more"); !errors.Is(err, ErrLockedOut) {
		t.Errorf("a guess past the victim's limit: %v, want locked out", err)
	}
}
