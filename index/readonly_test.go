package index

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

func TestReadOnlySharing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	c := loadTestCorpus(t, dir)
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("read-only open beside a writer: %v, want ErrInUse", err)
	}
	c.Close()

	r1, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Errorf("writer beside readers: %v, want ErrInUse", err)
	}
	for _, r := range []*Corpus{r1, r2} {
		if res, err := r.Search(context.Background(), Query{Text: "putin", Facets: []string{"outlet"}}); err != nil || res.Total != 2 {
			t.Errorf("read-only search: %v %v", res, err)
		}
		if rep, err := r.Check(); err != nil || !rep.OK() {
			t.Errorf("read-only check: %+v %v", rep, err)
		}
	}
	if err := r1.Put(context.Background(), corpus.Batch{Articles: []corpus.Article{{ID: "x", Body: "x"}}}); err == nil {
		t.Error("Put on a read-only corpus succeeded")
	}
	if err := r1.SaveSearch("a", "b"); err == nil {
		t.Error("SaveSearch on a read-only corpus succeeded")
	}
	r1.Close()
	r2.Close()

	// Pending index work: a read-only open falls back to an exclusive one
	// that applies it.
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bPending).Put([]byte("a01"), []byte(pendPut)) })
	c.Close()
	r, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, r, "after the fallback")
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("the fallback open should be exclusive: %v", err)
	}
	r.Close()
}
