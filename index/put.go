package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

const (
	pendPut = "put"
	pendDel = "del"
)

// Put stores a batch from the importer. It implements corpus.Sink.
//
// Crash safety: one bbolt transaction stores the articles, the file records
// and a "pending" list of the index work; then the Bleve batch is applied;
// then the pending list is cleared. A crash between the steps leaves pending
// entries that Open replays, so the index never misses or keeps an article
// the store does not agree with.
//
// New articles (ids not stored yet, from files never imported) are indexed
// while the store transaction runs: a small transaction first lists them as
// pending, so a crash at any point still replays them from the store (which
// then either has them or not). Whatever the store transaction ends up
// writing differently is indexed again before the pending list is cleared.
func (c *Corpus) Put(ctx context.Context, b corpus.Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	early, err := c.pendNew(b)
	if err != nil {
		return fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	var earlyErr chan error
	if len(early) > 0 {
		earlyErr = make(chan error, 1)
		go func() {
			batch := c.idx.NewBatch()
			for _, a := range early {
				if err := batch.Index(a.ID, toDoc(a)); err != nil {
					earlyErr <- fmt.Errorf("article %s: %w", a.ID, err)
					return
				}
			}
			if err := c.idx.Batch(batch); err != nil {
				earlyErr <- fmt.Errorf("corpus %s: index: %w", c.dir, err)
				return
			}
			earlyErr <- nil
		}()
	}
	work, written, err := c.store(b)
	if earlyErr == nil {
		if err != nil {
			return fmt.Errorf("corpus %s: store: %w", c.dir, err)
		}
		return c.applyPending(work, written, nil)
	}
	eerr := <-earlyErr
	if err != nil {
		// The store kept its previous state, without the early articles:
		// take them out of the index again.
		redo := make(map[string]string, len(early))
		for _, a := range early {
			redo[a.ID] = pendPut // not stored: applyPending deletes it
		}
		if aerr := c.applyPending(redo, nil, nil); aerr != nil {
			return errors.Join(fmt.Errorf("corpus %s: store: %w", c.dir, err), aerr)
		}
		return fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	// Index again whatever the store did not write exactly as indexed.
	done := make(map[string]string, len(work)+len(early))
	redo := make(map[string]string, len(work))
	for id, op := range work {
		done[id] = op
		redo[id] = op
	}
	for _, a := range early {
		done[a.ID] = pendPut
		switch {
		case eerr != nil:
			redo[a.ID] = pendPut
		case work[a.ID] == pendPut && written[a.ID] == a:
			delete(redo, a.ID) // indexed as stored
		default:
			redo[a.ID] = pendPut // applyPending reads it back from the store
		}
	}
	c.invalidate()
	return c.applyPending(redo, written, done)
}

// pendNew lists the batch's new articles as pending puts in a transaction
// of their own and returns them, so they can be indexed while the store
// transaction runs. New means: the id is not stored and the batch brings
// no file that was imported before (whose changes may drop articles).
func (c *Corpus) pendNew(b corpus.Batch) ([]*corpus.Article, error) {
	if len(b.Articles) == 0 {
		return nil, nil
	}
	var early []*corpus.Article
	err := c.db.Update(func(tx *bolt.Tx) error {
		arts, files, pend := tx.Bucket(bArticles), tx.Bucket(bFiles), tx.Bucket(bPending)
		for _, r := range b.Files {
			if files.Get([]byte(r.Path)) != nil {
				return nil
			}
		}
		seen := make(map[string]bool, len(b.Articles))
		for i := range b.Articles {
			a := &b.Articles[i]
			if !seen[a.ID] && arts.Get([]byte(a.ID)) == nil {
				early = append(early, a)
			}
			seen[a.ID] = true
		}
		for _, a := range early {
			if err := pend.Put([]byte(a.ID), []byte(pendPut)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return early, nil
}

// store writes the batch to the store in one transaction: articles, file
// records, entity tables and the pending list of index work. written holds
// the articles as written.
func (c *Corpus) store(b corpus.Batch) (work map[string]string, written map[string]*corpus.Article, err error) {
	work = map[string]string{} // id → put|del
	// The articles as written to the store in this transaction, so the
	// index batch need not decode them again (replay after a crash does).
	written = make(map[string]*corpus.Article, len(b.Articles))
	err = c.db.Update(func(tx *bolt.Tx) error {
		arts, files, pend := tx.Bucket(bArticles), tx.Bucket(bFiles), tx.Bucket(bPending)
		// Articles that a changed file no longer yields are removed.
		for _, r := range b.Files {
			if old := files.Get([]byte(r.Path)); old != nil {
				var prev corpus.FileRecord
				if json.Unmarshal(old, &prev) == nil {
					for _, id := range prev.IDs {
						if slices.Contains(r.IDs, id) {
							continue
						}
						if err := dropPath(arts, id, r.Path, work, written); err != nil {
							return err
						}
					}
				}
			}
			v, _ := json.Marshal(r)
			if err := files.Put([]byte(r.Path), v); err != nil {
				return err
			}
			if r.Err != "" {
				if err := appendLog(tx, LogEntry{Time: r.Time, Path: r.Path, Err: r.Err}); err != nil {
					return err
				}
			}
		}
		for i := range b.Articles {
			a := &b.Articles[i]
			if old := arts.Get([]byte(a.ID)); old != nil {
				prev, err := decodeArticle(old)
				if err == nil && prev.Path != a.Path {
					// An exact duplicate of a stored article: record the copy.
					changed := false
					for _, p := range append([]string{a.Path}, a.Copies...) {
						if p != prev.Path && !slices.Contains(prev.Copies, p) {
							prev.Copies = append(prev.Copies, p)
							changed = true
						}
					}
					if changed {
						v, err := encodeArticle(prev)
						if err != nil {
							return err
						}
						if err := arts.Put([]byte(a.ID), v); err != nil {
							return err
						}
						if _, ok := written[a.ID]; ok {
							written[a.ID] = prev
						}
					}
					continue
				}
			}
			v, err := encodeArticle(a)
			if err != nil {
				return err
			}
			if err := arts.Put([]byte(a.ID), v); err != nil {
				return err
			}
			work[a.ID] = pendPut
			written[a.ID] = a
		}
		// Entity tables and pair counts, in the same transaction (index/entities.go).
		if err := c.onPut(tx, b.Articles, work); err != nil {
			return err
		}
		for id, op := range work {
			if err := pend.Put([]byte(id), []byte(op)); err != nil {
				return err
			}
		}
		return nil
	})
	return work, written, err
}

// dropPath removes path from the article id: the article goes when it was
// its only path, else a copy takes over.
func dropPath(arts *bolt.Bucket, id, path string, work map[string]string, written map[string]*corpus.Article) error {
	v := arts.Get([]byte(id))
	if v == nil {
		return nil
	}
	a, err := decodeArticle(v)
	if err != nil {
		return err
	}
	// Articles of multi-article files (JSONL, CSV, archives) carry the
	// file's path with a "#N" suffix.
	fromFile := func(p string) bool { return p == path || strings.HasPrefix(p, path+"#") }
	a.Copies = slices.DeleteFunc(a.Copies, fromFile)
	switch {
	case fromFile(a.Path) && len(a.Copies) == 0:
		work[id] = pendDel
		delete(written, id)
		return arts.Delete([]byte(id))
	case fromFile(a.Path):
		a.Path, a.Copies = a.Copies[0], a.Copies[1:]
		work[id] = pendPut
	}
	nv, err := encodeArticle(a)
	if err != nil {
		return err
	}
	if _, ok := written[id]; ok {
		written[id] = a
	}
	return arts.Put([]byte(id), nv)
}

// applyPending applies index work, then clears the pending entries of
// done (nil: of work). written holds articles exactly as the store
// transaction just committed them (it may be nil); every other put is read
// back from the store, so replaying after a crash does the same as the
// first attempt.
func (c *Corpus) applyPending(work map[string]string, written map[string]*corpus.Article, done map[string]string) error {
	if done == nil {
		done = work
	}
	if len(done) == 0 {
		return nil
	}
	if len(work) > 0 {
		if err := c.indexWork(work, written); err != nil {
			return err
		}
	}
	return c.db.Update(func(tx *bolt.Tx) error {
		pend := tx.Bucket(bPending)
		for id := range done {
			if err := pend.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// indexWork applies index work in one Bleve batch.
func (c *Corpus) indexWork(work map[string]string, written map[string]*corpus.Article) error {
	batch := c.idx.NewBatch()
	var missing []string
	for id, op := range work {
		if op == pendDel {
			batch.Delete(id)
			continue
		}
		a := written[id]
		if a == nil {
			missing = append(missing, id)
			continue
		}
		if err := batch.Index(id, toDoc(a)); err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
	}
	if len(missing) > 0 {
		err := c.db.View(func(tx *bolt.Tx) error {
			arts := tx.Bucket(bArticles)
			for _, id := range missing {
				v := arts.Get([]byte(id))
				if v == nil {
					batch.Delete(id)
					continue
				}
				a, err := decodeArticle(v)
				if err != nil {
					return fmt.Errorf("article %s: %w", id, err)
				}
				if err := batch.Index(id, toDoc(a)); err != nil {
					return fmt.Errorf("article %s: %w", id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := c.idx.Batch(batch); err != nil {
		return fmt.Errorf("corpus %s: index: %w", c.dir, err)
	}
	c.invalidate()
	return nil
}

// recover replays index work left pending by a crash.
func (c *Corpus) recover() error {
	work := map[string]string{}
	c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bPending).ForEach(func(k, v []byte) error {
			work[string(k)] = string(v)
			return nil
		})
	})
	for len(work) > 0 {
		chunk := map[string]string{}
		for id, op := range work {
			chunk[id] = op
			delete(work, id)
			if len(chunk) == 2000 {
				break
			}
		}
		if err := c.applyPending(chunk, nil, nil); err != nil {
			return err
		}
	}
	return nil
}
