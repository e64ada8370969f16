package models

import (
	"hash/maphash"
	"strings"
	"sync"
)

// stemMemo remembers the stems of words already seen. Stemming is the
// analyser's hot spot — indexing a whole directory, highlighting every
// result — and words follow a Zipf law, so a small memo answers nearly
// every call. It is bounded: a shard that fills up starts again, so odd
// input (random words in queries) cannot grow it without limit.
type stemMemo struct {
	seed   maphash.Seed
	shards [stemMemoShards]stemShard
}

const (
	stemMemoShards   = 64
	stemMemoPerShard = 2048 // 128k words in all, a few MiB
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

var stems = newStemMemo()

func newStemMemo() *stemMemo {
	m := &stemMemo{seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].m = make(map[string]string)
	}
	return m
}

func (m *stemMemo) shard(w string) *stemShard {
	return &m.shards[maphash.String(m.seed, w)%stemMemoShards]
}

func (m *stemMemo) get(w string) (string, bool) {
	sh := m.shard(w)
	sh.mu.RLock()
	s, ok := sh.m[w]
	sh.mu.RUnlock()
	return s, ok
}

func (m *stemMemo) put(w, stem string) {
	sh := m.shard(w)
	// w is often a slice of a whole description: keep a copy, not the text.
	w, stem = strings.Clone(w), strings.Clone(stem)
	sh.mu.Lock()
	if len(sh.m) >= stemMemoPerShard {
		clear(sh.m)
	}
	sh.m[w] = stem
	sh.mu.Unlock()
}
