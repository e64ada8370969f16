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
