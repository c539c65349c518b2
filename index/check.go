package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// CheckReport is what Check found. The corpus is healthy when Problems is empty.
type CheckReport struct {
	Schema   int      `json:"schema"`
	Articles int      `json:"articles"` // in the store
	Indexed  int      `json:"indexed"`  // in the Bleve index
	Files    int      `json:"files"`    // import records
	Pending  int      `json:"pending"`  // index work not yet applied
	Saved    int      `json:"saved_searches"`
	Damaged  int      `json:"damaged"` // article records that do not decode
	Missing  int      `json:"missing_from_index"`
	Extra    int      `json:"extra_in_index"`
	Orphans  int      `json:"orphan_file_ids"` // import records naming unstored articles
	Examples []string `json:"examples,omitempty"`
	// Problems are one-line descriptions; empty means the corpus is consistent.
	Problems []string `json:"problems"`
}

// OK reports whether Check found no problem.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

const maxExamples = 10

// Check verifies that the index and the store agree: every stored article
// decodes and is indexed, nothing else is indexed, no index work is
// pending, and every import record names stored articles.
func (c *Corpus) Check() (*CheckReport, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, fmt.Errorf("corpus %s is closed", c.dir)
	}
	r := &CheckReport{Schema: SchemaVersion}
	example := func(format string, a ...any) {
		if len(r.Examples) < maxExamples {
			r.Examples = append(r.Examples, fmt.Sprintf(format, a...))
		}
	}
	stored := map[string]bool{}
	err := c.db.View(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bArticles).ForEach(func(k, v []byte) error {
			stored[string(k)] = true
			a, err := decodeArticle(v)
			if err != nil || a.ID != string(k) {
				r.Damaged++
				example("article %s: damaged record", k)
			}
			return nil
		}); err != nil {
			return err
		}
		r.Pending = tx.Bucket(bPending).Stats().KeyN
		r.Saved = tx.Bucket(bSaved).Stats().KeyN
		return tx.Bucket(bFiles).ForEach(func(k, v []byte) error {
			r.Files++
			var fr corpus.FileRecord
			if err := json.Unmarshal(v, &fr); err != nil {
				r.Damaged++
				example("file record %s: damaged", k)
				return nil
			}
			for _, id := range fr.IDs {
				if !stored[id] {
					r.Orphans++
					example("file %s names article %s, which is not stored", k, id)
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	r.Articles = len(stored)
	ids, err := c.indexedIDs()
	if err != nil {
		return nil, fmt.Errorf("corpus %s: index: %w", c.dir, err)
	}
	r.Indexed = len(ids)
	for id := range stored {
		if !ids[id] {
			r.Missing++
			example("article %s is stored but not indexed", id)
		}
	}
	for id := range ids {
		if !stored[id] {
			r.Extra++
			example("article %s is indexed but not stored", id)
		}
	}
	if n, err := c.idx.DocCount(); err == nil && int(n) != r.Indexed {
		r.Problems = append(r.Problems, fmt.Sprintf("the index counts %d documents but lists %d", n, r.Indexed))
	}
	add := func(n int, format string) {
		if n > 0 {
			r.Problems = append(r.Problems, fmt.Sprintf(format, n))
		}
	}
	add(r.Damaged, "%d damaged records in the store")
	add(r.Missing, "%d stored articles are missing from the index (run parallax rebuild)")
	add(r.Extra, "%d indexed articles are not in the store (run parallax rebuild)")
	add(r.Pending, "%d index updates are pending (reopen the corpus to apply them)")
	add(r.Orphans, "%d import records name articles that are not stored (re-import the folder)")
	slices.Sort(r.Examples)
	return r, nil
}

// indexedIDs lists the ids of every document in the index.
func (c *Corpus) indexedIDs() (map[string]bool, error) {
	ai, err := c.idx.Advanced()
	if err != nil {
		return nil, err
	}
	rd, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	it, err := rd.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer it.Close()
	ids := map[string]bool{}
	for {
		iid, err := it.Next()
		if err != nil {
			return nil, err
		}
		if iid == nil {
			return ids, nil
		}
		id, err := rd.ExternalID(iid)
		if err != nil {
			return nil, err
		}
		ids[id] = true
	}
}

const (
	indexNew = indexDir + ".new" // a rebuild in progress
	indexOld = indexDir + ".old" // the index a rebuild replaced
)

// Rebuild re-creates the Bleve index from the stored articles (after a
// schema change, or when Check finds the two disagree). The new index is
// built beside the old one and swapped in at the end, so a crash or a
// cancelled ctx leaves the old index in place. progress (may be nil) is
// called after every batch.
func (c *Corpus) Rebuild(ctx context.Context, progress func(done, total int)) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	return c.rebuildLocked(ctx, progress)
}

func (c *Corpus) rebuildLocked(ctx context.Context, progress func(done, total int)) error {
	tmp := filepath.Join(c.dir, indexNew)
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("corpus %s: %w", c.dir, err)
	}
	nidx, err := bleve.New(tmp, newMapping())
	if err != nil {
		return fmt.Errorf("corpus %s: new index: %w", c.dir, err)
	}
	err = c.fillIndex(ctx, nidx, progress)
	if err == nil {
		err = compactIndex(ctx, nidx)
	}
	if err != nil {
		nidx.Close()
		os.RemoveAll(tmp)
		return err
	}
	if err := nidx.Close(); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("corpus %s: new index: %w", c.dir, err)
	}
	cur := filepath.Join(c.dir, indexDir)
	old := filepath.Join(c.dir, indexOld)
	if c.idx != nil {
		c.idx.Close()
		c.idx = nil
	}
	os.RemoveAll(old)
	if err := os.Rename(cur, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("corpus %s: %w", c.dir, err)
	}
	if err := os.Rename(tmp, cur); err != nil {
		return fmt.Errorf("corpus %s: %w", c.dir, err)
	}
	syncDir(c.dir)
	os.RemoveAll(old)
	idx, err := bleve.OpenUsing(cur, c.indexConfig())
	if err != nil {
		return fmt.Errorf("corpus %s: index: %w", c.dir, err)
	}
	c.idx = idx
	c.invalidate()
	// The new index holds exactly the stored articles: no work is pending.
	return c.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bPending); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bPending)
		return err
	})
}

// fillIndex indexes every stored article into idx.
func (c *Corpus) fillIndex(ctx context.Context, idx bleve.Index, progress func(done, total int)) error {
	total := c.Count()
	const chunk = 1000
	var after []byte
	done := 0
	for {
		var arts []*corpus.Article
		visited := 0
		err := c.db.View(func(tx *bolt.Tx) error {
			cur := tx.Bucket(bArticles).Cursor()
			k, v := cur.First()
			if after != nil {
				k, v = cur.Seek(after)
				if k != nil && string(k) == string(after) {
					k, v = cur.Next()
				}
			}
			for ; k != nil && visited < chunk; k, v = cur.Next() {
				visited++
				after = append(after[:0], k...)
				if a, err := decodeArticle(v); err == nil {
					arts = append(arts, a)
				} // else: Check reports damaged records
			}
			return nil
		})
		if err != nil {
			return err
		}
		if visited == 0 {
			return nil
		}
		b := idx.NewBatch()
		builder := docBuilderFor(idx.Mapping())
		for _, a := range arts {
			if err := indexArticle(b, builder, a); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("corpus %s: index: %w", c.dir, err)
		}
		done += len(arts)
		if progress != nil {
			progress(done, total)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if visited < chunk {
			return nil
		}
	}
}

// syncDir flushes a directory's entries (renames) to disk.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// openIndex opens the Bleve index, or rebuilds it from the stored articles
// when it is missing (a new corpus, or a crash in the middle of a rebuild),
// damaged (a crash while Bleve created it) or written by an older schema.
func (c *Corpus) openIndex(schema int) error {
	cur := filepath.Join(c.dir, indexDir)
	os.RemoveAll(filepath.Join(c.dir, indexNew))
	if schema == SchemaVersion {
		idx, err := bleve.OpenUsing(cur, c.indexConfig())
		if err == nil {
			os.RemoveAll(filepath.Join(c.dir, indexOld))
			c.idx = idx
			return nil
		}
		if strings.Contains(err.Error(), "timeout") {
			return fmt.Errorf("corpus %s: index: %w", c.dir, err)
		}
		// Missing or unreadable: the store is the source of truth.
	}
	if err := c.rebuildLocked(context.Background(), nil); err != nil {
		return fmt.Errorf("corpus %s: rebuilding the index: %w", c.dir, err)
	}
	return nil
}

// Compact merges the index's segments into one, which makes phrase and
// proximity queries markedly faster on a large corpus. Worth running after
// a big import; Rebuild does it before swapping the new index in.
func (c *Corpus) Compact(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	return compactIndex(ctx, c.idx)
}

func compactIndex(ctx context.Context, idx bleve.Index) error {
	ai, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := ai.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	// One merge of all the segments: ForceMerge plans once, and a plan
	// splits more segments than SegmentsPerMergeTask into several merges,
	// which would leave several segments.
	opts.SegmentsPerMergeTask = 1 << 20
	if err := s.ForceMerge(ctx, &opts); err != nil {
		return err
	}
	// Scorch keeps the snapshot before the last one, and with it the
	// merged-away segment files. Two small writes make the merged snapshot
	// the only one, so the old files go.
	for i := 0; i < 2; i++ {
		if err := idx.SetInternal([]byte("parallax_compacted"), []byte(time.Now().UTC().Format(time.RFC3339Nano))); err != nil {
			return err
		}
	}
	return nil
}
