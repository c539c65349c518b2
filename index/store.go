package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/golang/snappy"
	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// Buckets of the side store (store.db, bbolt). Articles are the source of
// truth; the Bleve index can always be rebuilt from them.
var (
	bArticles = []byte("articles") // id → snappy(JSON Article)
	bFiles    = []byte("files")    // source path → JSON FileRecord
	bPending  = []byte("pending")  // id → "put" | "del": index work not yet committed
	bLog      = []byte("importlog")
	bMeta     = []byte("meta")
	bSaved    = []byte("saved")
	bAliases  = []byte("aliases")
)

func initStore(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bArticles, bFiles, bPending, bLog, bMeta, bSaved, bAliases} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
}

func encodeArticle(a *corpus.Article) ([]byte, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	return snappy.Encode(nil, data), nil
}

func decodeArticle(v []byte) (*corpus.Article, error) {
	data, err := snappy.Decode(nil, v)
	if err != nil {
		return nil, fmt.Errorf("damaged article record: %w", err)
	}
	var a corpus.Article
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("damaged article record: %w", err)
	}
	return &a, nil
}

// Article returns the stored article with this id.
func (c *Corpus) Article(id string) (*corpus.Article, error) {
	var a *corpus.Article
	err := c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bArticles).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("no article with id %q", id)
		}
		var err error
		a, err = decodeArticle(v)
		return err
	})
	return a, err
}

// ForEach calls fn for every stored article, in id order, until fn returns an error.
func (c *Corpus) ForEach(fn func(a *corpus.Article) error) error {
	return c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bArticles).ForEach(func(k, v []byte) error {
			a, err := decodeArticle(v)
			if err != nil {
				return fmt.Errorf("article %s: %w", k, err)
			}
			return fn(a)
		})
	})
}

// Count is the number of stored articles.
func (c *Corpus) Count() int {
	n := 0
	c.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bArticles).Stats().KeyN
		return nil
	})
	return n
}

// Unchanged reports whether a file was imported before with the same size and hash.
func (c *Corpus) Unchanged(path string, size int64, hash string) bool {
	same := false
	c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bFiles).Get([]byte(path))
		if v == nil {
			return nil
		}
		var r corpus.FileRecord
		if json.Unmarshal(v, &r) == nil {
			same = r.Size == size && r.Hash == hash && r.Err == ""
		}
		return nil
	})
	return same
}

// LogEntry is one line of the import log.
type LogEntry struct {
	Time time.Time `json:"time"`
	Path string    `json:"path"`
	Err  string    `json:"err"`
}

// ImportLog returns the recorded import failures, oldest first.
func (c *Corpus) ImportLog() ([]LogEntry, error) {
	var out []LogEntry
	err := c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bLog).ForEach(func(_, v []byte) error {
			var e LogEntry
			if err := json.Unmarshal(v, &e); err == nil {
				out = append(out, e)
			}
			return nil
		})
	})
	return out, err
}

// LogError records an import failure in the corpus's import log.
func (c *Corpus) LogError(path string, reason error) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		return appendLog(tx, LogEntry{Time: time.Now().UTC(), Path: path, Err: reason.Error()})
	})
}

func appendLog(tx *bolt.Tx, e LogEntry) error {
	b := tx.Bucket(bLog)
	seq, _ := b.NextSequence()
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	v, _ := json.Marshal(e)
	return b.Put(k[:], v)
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var _ = bytes.Equal
