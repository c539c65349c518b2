package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/golang/snappy"
	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// Cross-article analysis the importer learns and the corpus keeps: each
// outlet's boilerplate lines and the MinHash signatures for near-duplicate
// links. Both are loaded on first use and saved at the end of every import.

var (
	bMinhash       = []byte("minhash") // id → signature (little-endian uint32s)
	keyBoilerplate = []byte("boilerplate")
)

// NearDupThreshold is the estimated Jaccard similarity of 5-word shingles
// above which two articles are linked as near-duplicates: syndicated wire
// copy with a changed headline, a dropped paragraph or a few edited words
// stays above 0.8, while two outlets' own reports of one event stay far
// below it.
const NearDupThreshold = 0.8

func (c *Corpus) boilerplate() *corpus.Boilerplate {
	c.analysisOnce.Do(c.loadAnalysis)
	return c.bp
}

func (c *Corpus) nearDups() *corpus.NearDupIndex {
	c.analysisOnce.Do(c.loadAnalysis)
	return c.nd
}

func (c *Corpus) loadAnalysis() {
	c.bp = corpus.NewBoilerplate()
	c.nd = corpus.NewNearDupIndex(NearDupThreshold)
	c.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(keyBoilerplate); v != nil {
			if err := c.bp.UnmarshalBinary(v); err != nil {
				c.bp = corpus.NewBoilerplate() // damaged: learn again
			}
		}
		b := tx.Bucket(bMinhash)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			c.nd.Add(string(k), decodeSig(v))
			return nil
		})
	})
}

func encodeSig(sig []uint32) []byte {
	out := make([]byte, 4*len(sig))
	for i, v := range sig {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

func decodeSig(b []byte) []uint32 {
	sig := make([]uint32, len(b)/4)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return sig
}

// Finish stores what an import run learned: signatures, near-duplicate
// links in both directions, the outlets' boilerplate; then it cleans again
// the earlier articles of outlets whose boilerplate changed. It implements
// corpus.Finisher.
func (c *Corpus) Finish(ctx context.Context, s corpus.Summary) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	err := c.db.Update(func(tx *bolt.Tx) error {
		mh, err := tx.CreateBucketIfNotExists(bMinhash)
		if err != nil {
			return err
		}
		for id, sig := range s.Signatures {
			if err := mh.Put([]byte(id), encodeSig(sig)); err != nil {
				return err
			}
		}
		arts := tx.Bucket(bArticles)
		for id, dups := range s.NearDups {
			for _, d := range dups {
				if err := addLink(arts, d, id); err != nil {
					return err
				}
				if err := addLink(arts, id, d); err != nil {
					return err
				}
			}
		}
		if c.bp != nil {
			v, err := c.bp.MarshalBinary()
			if err != nil {
				return err
			}
			return tx.Bucket(bMeta).Put(keyBoilerplate, v)
		}
		return nil
	})
	c.mu.Unlock()
	if err != nil {
		return fmt.Errorf("corpus %s: saving import analysis: %w", c.dir, err)
	}
	if len(s.Outlets) > 0 {
		if err := c.Reclean(ctx, s.Outlets); err != nil {
			return err
		}
	}
	// A large import leaves the index in many segments, and phrase and
	// proximity queries are markedly faster on one: merge after a run that
	// added at least compactMin articles and a quarter of the corpus (a
	// first import or a large addition), not after every small update.
	if s.Complete && ctx.Err() == nil && shouldCompact(len(s.Signatures), c.Count()) {
		if err := c.Compact(ctx); err != nil && ctx.Err() == nil {
			return fmt.Errorf("corpus %s: merging the index: %w", c.dir, err)
		}
	}
	return nil
}

// compactMin is the smallest run after which Finish merges the index.
const compactMin = 2000

// shouldCompact says whether a run that added added articles to a corpus
// now holding total is worth merging the whole index for.
func shouldCompact(added, total int) bool {
	return added >= compactMin && 4*added >= total
}

// addLink records other as a near-duplicate of the stored article id.
func addLink(arts *bolt.Bucket, id, other string) error {
	v := arts.Get([]byte(id))
	if v == nil || id == other {
		return nil
	}
	a, err := decodeArticle(v)
	if err != nil {
		return err
	}
	if slices.Contains(a.NearDups, other) {
		return nil
	}
	a.NearDups = append(a.NearDups, other)
	nv, err := encodeArticle(a)
	if err != nil {
		return err
	}
	return arts.Put([]byte(id), nv)
}

// Reclean applies the learned boilerplate of the outlets to their stored
// articles and stores (and re-indexes) the ones that changed.
func (c *Corpus) Reclean(ctx context.Context, outlets []string) error {
	bp := c.boilerplate()
	analyze := c.NewImporter(nil, nil).Analyze // the same analysis as an import
	want := map[string]bool{}
	for _, o := range outlets {
		want[o] = true
	}
	var changed []corpus.Article
	recl := func(a *corpus.Article) error {
		if want[a.Outlet] && bp.Apply(a.Outlet, a) {
			if analyze != nil {
				a.Entities = nil
				analyze(a)
			}
			changed = append(changed, *a)
		}
		return nil
	}
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bArticles).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := snappy.Decode(nil, v)
			if err != nil {
				return fmt.Errorf("article %s: damaged article record: %w", k, err)
			}
			if o, ok := storedOutlet(data); ok && !want[o] {
				return nil // another outlet's article: no need to decode it
			}
			var a corpus.Article
			if err := json.Unmarshal(data, &a); err != nil {
				return fmt.Errorf("article %s: damaged article record: %w", k, err)
			}
			return recl(&a)
		})
	})
	if err != nil {
		return err
	}
	for len(changed) > 0 {
		n := min(len(changed), 1000)
		if err := c.Put(ctx, corpus.Batch{Articles: changed[:n]}); err != nil {
			return err
		}
		changed = changed[n:]
	}
	return nil
}

// storedOutlet reads the outlet of a stored article's JSON without decoding
// the rest. A string value cannot hold the unescaped bytes "outlet":" so
// the first match is the article's own key (meta keys come after it).
func storedOutlet(data []byte) (string, bool) {
	const key = `"outlet":"`
	i := bytes.Index(data, []byte(key))
	if i < 0 {
		return "", false
	}
	rest := data[i+len(key)-1:]
	end := 1
	for end < len(rest) && rest[end] != '"' {
		if rest[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(rest) {
		return "", false
	}
	var o string
	if json.Unmarshal(rest[:end+1], &o) != nil {
		return "", false
	}
	return o, true
}

// fillingMergePlan is the scorch merge policy of an index opened on an
// empty store, that is while a new corpus receives its first import:
// mergeplan.DefaultMergePlanOptions, except that a tier holds 20 segments
// and the smallest counts as one import batch (500 articles), not 2,000.
// A first import then merges few or no intermediate segments, work that
// Finish's merge to one segment would redo anyway (bench/importbench,
// 10,000 articles: about a tenth less CPU, a quarter less time). The next
// open uses the default policy again, which merges what a small or
// interrupted first import left.
var fillingMergePlan = map[string]interface{}{
	"MaxSegmentsPerTier": 20,
	"FloorSegmentSize":   500,
}

// indexConfig is the runtime configuration for opening the index.
func (c *Corpus) indexConfig() map[string]interface{} {
	cfg := map[string]interface{}{"bolt_timeout": "1s"}
	empty := false
	c.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bArticles).Cursor().First()
		empty = k == nil
		return nil
	})
	if empty {
		cfg["scorchMergePlanOptions"] = fillingMergePlan
	}
	return cfg
}
