package index

import (
	"errors"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"
)

// errNeedsWrite says a read-only open is not possible because the corpus
// needs a write first (pending index work, missing parts): Open then falls
// back to an exclusive open, which does the repair.
var errNeedsWrite = errors.New("corpus needs a writable open")

// openReadOnly opens a corpus under a shared lock, with the store and the
// index opened read-only: no file is written, nothing is synced, and other
// read-only processes may do the same.
func openReadOnly(dir string, m *marker) (*Corpus, error) {
	lock, err := acquireSharedLock(dir)
	if err != nil {
		return nil, err
	}
	c := &Corpus{dir: dir, name: m.Name, lock: lock}
	fail := func(err error) (*Corpus, error) {
		if c.idx != nil {
			c.idx.Close()
		}
		if c.db != nil {
			c.db.Close()
		}
		c.releaseLock()
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, storeFile), 0o644, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return fail(errNeedsWrite)
	}
	c.db = db
	ready := true
	db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bArticles, bFiles, bPending, bLog, bMeta, bSaved, bAliases} {
			if tx.Bucket(b) == nil {
				ready = false
				return nil
			}
		}
		ready = tx.Bucket(bPending).Stats().KeyN == 0
		return nil
	})
	if !ready {
		return fail(errNeedsWrite)
	}
	idx, err := bleve.OpenUsing(filepath.Join(dir, indexDir), map[string]interface{}{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		return fail(errNeedsWrite)
	}
	c.idx = idx
	return c, nil
}
