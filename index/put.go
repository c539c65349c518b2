package index

import (
	"context"
	"encoding/json"
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
func (c *Corpus) Put(ctx context.Context, b corpus.Batch) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	work := map[string]string{} // id → put|del
	// The articles as written to the store in this transaction, so the
	// index batch need not decode them again (replay after a crash does).
	written := make(map[string]*corpus.Article, len(b.Articles))
	err := c.db.Update(func(tx *bolt.Tx) error {
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
	if err != nil {
		return fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	return c.applyPending(work, written)
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

// applyPending applies index work. written holds articles exactly as the
// store transaction just committed them (it may be nil); every other put
// is read back from the store, so replaying after a crash does the same as
// the first attempt.
func (c *Corpus) applyPending(work map[string]string, written map[string]*corpus.Article) error {
	if len(work) == 0 {
		return nil
	}
	batch := c.idx.NewBatch()
	builder := docBuilderFor(c.idx.Mapping())
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
		if err := indexArticle(batch, builder, a); err != nil {
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
				if err := indexArticle(batch, builder, a); err != nil {
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
	return c.db.Update(func(tx *bolt.Tx) error {
		pend := tx.Bucket(bPending)
		for id := range work {
			if err := pend.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
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
		if err := c.applyPending(chunk, nil); err != nil {
			return err
		}
	}
	return nil
}
