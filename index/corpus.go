package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the on-disk layout version this build reads and writes.
const SchemaVersion = 5

const (
	markerFile = "parallax-corpus.json"
	lockFile   = "lock"
	indexDir   = "index.bleve"
	storeFile  = "store.db"
	markerKind = "parallax-corpus"
)

// ErrInUse is returned when another process holds the corpus.
var ErrInUse = errors.New("corpus is in use by another Parallax process")

// marker is the file that identifies a directory as a Parallax corpus.
type marker struct {
	Kind    string    `json:"kind"`
	Schema  int       `json:"schema"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

// Corpus is an open corpus directory: the Bleve index, the side store, and
// the lock that keeps other processes out. Its methods are safe for
// concurrent use.
type Corpus struct {
	dir    string
	name   string
	lock   *os.File
	idx    bleve.Index
	db     *bolt.DB
	mu     sync.Mutex // serialises writers (Put, Delete, Rebuild)
	closed bool

	// Cached answers of Stats and textAnalyzers (search.go); invalidate drops them.
	cacheMu   sync.Mutex
	stats     *Stats
	analyzers []string

	// Cross-article analysis learned by imports (analysis.go).
	analysisOnce sync.Once
	bp           *corpus.Boilerplate
	nd           *corpus.NearDupIndex
}

// Options tune Open.
type Options struct {
	// Create allows creating a new corpus in an empty or missing directory.
	Create bool
	// ReadOnly opens the corpus for reading only (search, KWIC, timelines,
	// export, check): several read-only processes may share it, while a
	// writer gets ErrInUse until they close (and they get ErrInUse while a
	// writer has it). Writing methods fail. When the corpus needs repair
	// (an interrupted import, an older schema) Open falls back to a normal
	// exclusive open and does it.
	ReadOnly bool
}

// Open opens the corpus in dir, creating it when opts.Create is set and dir
// is missing or empty. It fails fast with ErrInUse when another process has
// it open, and refuses directories that are not Parallax corpora.
func Open(dir string, opts Options) (*Corpus, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	m, err := readMarker(abs)
	switch {
	case err == nil:
	case errors.Is(err, os.ErrNotExist):
		empty, eerr := isEmptyOrMissing(abs)
		if eerr != nil {
			return nil, fmt.Errorf("corpus %s: %w", abs, eerr)
		}
		if !empty {
			return nil, fmt.Errorf("%s is not a Parallax corpus (no %s) and is not empty; refusing to use it", abs, markerFile)
		}
		if !opts.Create {
			return nil, fmt.Errorf("no corpus at %s", abs)
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create corpus %s: %w", abs, unwrapPath(err))
		}
		m = &marker{Kind: markerKind, Schema: SchemaVersion, Name: filepath.Base(abs), Created: time.Now().UTC()}
	default:
		return nil, fmt.Errorf("corpus %s: %w", abs, err)
	}
	if m.Schema > SchemaVersion {
		return nil, fmt.Errorf("corpus %s has schema version %d; this Parallax reads up to %d: please upgrade Parallax", abs, m.Schema, SchemaVersion)
	}
	if m.Schema < 1 {
		return nil, fmt.Errorf("corpus %s has an unknown schema version %d", abs, m.Schema)
	}
	if opts.ReadOnly && m.Schema == SchemaVersion {
		c, err := openReadOnly(abs, m)
		if err == nil || !errors.Is(err, errNeedsWrite) {
			return c, err
		}
	}
	lock, err := acquireLock(abs)
	if err != nil {
		return nil, err
	}
	c := &Corpus{dir: abs, name: m.Name, lock: lock}
	if err := c.openParts(m); err != nil {
		c.releaseLock()
		return nil, err
	}
	return c, nil
}

func (c *Corpus) openParts(m *marker) error {
	// Write the marker first, so a directory we created is recognisably ours
	// even if the process dies before the index exists.
	if _, err := os.Stat(filepath.Join(c.dir, markerFile)); err != nil {
		if err := writeMarker(c.dir, m); err != nil {
			return err
		}
	}
	// Creating missing buckets needs no fsync: if that is lost, the next
	// open creates them again. Everything after it syncs.
	db, err := bolt.Open(filepath.Join(c.dir, storeFile), 0o644, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	if err := initStore(db); err != nil {
		db.Close()
		return fmt.Errorf("corpus %s: store: %w", c.dir, err)
	}
	db.NoSync = false
	c.db = db
	// The index is rebuilt from the store when it is missing, damaged or
	// of an older schema (check.go: openIndex).
	if err := c.openIndex(m.Schema); err != nil {
		db.Close()
		return err
	}
	if m.Schema < SchemaVersion {
		m.Schema = SchemaVersion
		if err := writeMarker(c.dir, m); err != nil {
			c.idx.Close()
			db.Close()
			return err
		}
	}
	if err := c.recover(); err != nil {
		c.idx.Close()
		c.db.Close()
		return fmt.Errorf("corpus %s: recovering an interrupted import: %w", c.dir, err)
	}
	return nil
}

// StoredSchema returns the schema version of the corpus in dir, or 0 when
// dir holds no readable corpus marker. Open upgrades a corpus of an older
// schema by rebuilding its index from the stored articles, which takes
// minutes on a large corpus: callers can say so first.
func StoredSchema(dir string) int {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0
	}
	m, err := readMarker(abs)
	if err != nil {
		return 0
	}
	return m.Schema
}

// Dir is the corpus directory.
func (c *Corpus) Dir() string { return c.dir }

// Name is the corpus's display name.
func (c *Corpus) Name() string { return c.name }

// Close closes the index and the store and releases the lock.
func (c *Corpus) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	err := errors.Join(c.idx.Close(), c.db.Close())
	c.releaseLock()
	return err
}

func readMarker(dir string) (*marker, error) {
	data, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return nil, err
	}
	var m marker
	if err := json.Unmarshal(data, &m); err != nil || m.Kind != markerKind {
		return nil, fmt.Errorf("%s is damaged or not a Parallax corpus marker", markerFile)
	}
	return &m, nil
}

func writeMarker(dir string, m *marker) error {
	data, _ := json.MarshalIndent(m, "", "  ")
	tmp := filepath.Join(dir, markerFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("corpus %s: %w", dir, unwrapPath(err))
	}
	return os.Rename(tmp, filepath.Join(dir, markerFile))
}

func isEmptyOrMissing(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, unwrapPath(err)
	}
	return len(entries) == 0, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
