package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// TestConcurrentWritesLoseNothing: 50 clients submit at once while others
// search and a moderator approves; every request succeeds and every
// submission is stored.
func TestConcurrentWritesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("concurrency test skipped with -short")
	}
	a := newFixtureApp(t)
	a.addUser("mod@example.org", "moderator")
	// Something for the moderator to approve while the others submit.
	seed := a.browser()
	for i := 0; i < 5; i++ {
		seed.submit(validSubmission(fmt.Sprintf("Seed %d", i)))
	}
	mod := a.browser()
	mod.login("mod@example.org")
	items, _, _ := a.store.Queue(context.Background(), modelsQueueAll)

	const clients = 50
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	tokens := make(chan string, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			b := a.browser()
			b.get("/submit")
			res, body := b.post("/submit", validSubmission(fmt.Sprintf("Concurrent %02d", i)))
			if res.StatusCode != http.StatusSeeOther {
				errs <- fmt.Sprintf("submit %d: %d %.200s", i, res.StatusCode, body)
				return
			}
			tokens <- res.Header.Get("Location")
		}(i)
	}
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, q := range []string{"education", "youth", "cafe", "radicalisation"} {
				res, _ := a.get("/programs?q=" + url.QueryEscape(q) + "&page=1")
				if res.StatusCode != 200 {
					errs <- fmt.Sprintf("search %q: %d", q, res.StatusCode)
				}
			}
		}(i)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, it := range items {
			res, body := mod.decide(fmt.Sprint(it.ID), "approve", "")
			if res.StatusCode != http.StatusSeeOther {
				errs <- fmt.Sprintf("approve %d: %d %.200s", it.ID, res.StatusCode, body)
			}
		}
	}()
	wg.Wait()
	close(errs)
	close(tokens)
	for e := range errs {
		t.Error(e)
	}
	n := 0
	for tok := range tokens {
		n++
		if res, _ := a.get(tok); res.StatusCode != 200 {
			t.Errorf("acknowledged submission %s not found", tok)
		}
	}
	if n != clients {
		t.Errorf("%d of %d submissions acknowledged", n, clients)
	}
	all, _, err := a.store.Queue(context.Background(), modelsQueueAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != clients+5 {
		t.Errorf("%d submissions stored, want %d", len(all), clients+5)
	}
	if l := a.search("q=seed"); l.Total != 5 {
		t.Errorf("%d seeds published, want 5", l.Total)
	}
	if res, _ := a.get("/readyz"); res.StatusCode != 200 {
		t.Errorf("readyz after the storm: %d", res.StatusCode)
	}
}
