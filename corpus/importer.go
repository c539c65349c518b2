package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// FileRecord is what the importer learned about one source file; the sink
// stores it so the next import can skip the file when unchanged.
type FileRecord struct {
	Path string    `json:"path"`
	Size int64     `json:"size"`
	Hash string    `json:"hash"`
	IDs  []string  `json:"ids,omitempty"`
	Err  string    `json:"err,omitempty"`
	Time time.Time `json:"time"`
}

// Batch is a group of analysed articles with the records of the files they
// came from (including files that failed or held no article).
type Batch struct {
	Articles []Article
	Files    []FileRecord
}

// Sink receives batches from the importer, one call at a time.
type Sink interface {
	Put(ctx context.Context, b Batch) error
}

// FolderOutlet says whether the first folder level below an import root names the outlet.
type FolderOutlet int

const (
	// FolderOutletAuto uses the folder when the root's children are folders.
	FolderOutletAuto FolderOutlet = iota
	FolderOutletOn
	FolderOutletOff
)

// Importer walks folders, archives and files, reads and analyses every
// article in parallel and hands batches to a Sink. The zero value is usable;
// hooks default to no-ops.
type Importer struct {
	// Workers is the number of parallel readers (default GOMAXPROCS).
	Workers int
	// BatchSize is the number of articles per Sink.Put (default 500: larger
	// batches index no faster and hold more memory).
	BatchSize int
	// MaxFileSize refuses larger files (default 64 MiB).
	MaxFileSize int64
	// FolderOutlet controls outlet = first folder level below the root.
	FolderOutlet FolderOutlet
	// Manifest is a CSV/TSV sidecar with a path column; when empty a
	// manifest.tsv/.csv or metadata.tsv/.csv at a root is used.
	Manifest string
	// Counters, when set, are updated live for a progress updater.
	Counters *Counters
	// Boilerplate, when set, learns each outlet's repeated lines and removes
	// them from later articles (see Summary.Outlets for re-cleaning earlier ones).
	Boilerplate *Boilerplate
	// NearDups, when set, links near-duplicate articles (syndicated copy).
	NearDups *NearDupIndex

	// Unchanged reports whether a file with this path, size and hash was
	// imported before unchanged; such files are skipped. Nil imports all.
	Unchanged func(path string, size int64, hash string) bool
	// Analyze runs extra analysis (entities) on each article in the worker.
	Analyze func(a *Article)
	// OnError is called for every file that fails. Returning nil skips the
	// file; returning an error aborts the import with it.
	OnError func(path string, err error) error
}

// Summary is what one import run learned across articles, handed to a sink
// that implements Finisher when the run ends.
type Summary struct {
	// NearDups maps each article of the run that has near-duplicates to them.
	NearDups map[string][]string
	// Signatures are the MinHash signatures of the run's articles, by id.
	Signatures map[string][]uint32
	// Outlets lists outlets whose learned boilerplate changed during the
	// run: their earlier articles may need cleaning again.
	Outlets []string
	// Complete is false when the run was cancelled or stopped early: Finish
	// then saves what was stored but skips optional work (merging the index).
	Complete bool
}

// Finisher is implemented by sinks that want the run's Summary; Finish is
// called once at the end of every run, also a cancelled one.
type Finisher interface {
	Finish(ctx context.Context, s Summary) error
}

// FileError is an error about one file.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

type job struct {
	seq  int64  // order in which the walk found the file
	fsys fs.FS  // where to read
	name string // path inside fsys
	path string // display path (absolute, or archive!entry)
	rel  string // path relative to the root, slash-separated
	root *root
	size int64
}

type root struct {
	path         string
	folderOutlet bool
	manifest     map[string]map[string]string
}

type result struct {
	seq      int64 // the job's
	articles []Article
	sigs     [][]uint32
	rec      FileRecord
	skipped  bool
}

// Import reads every path (folder, archive or file) and stores the articles
// through sink. It returns the final counters; the error is non-nil only
// when the import was aborted (by OnError, the sink, or ctx).
func (im *Importer) Import(ctx context.Context, sink Sink, paths ...string) (Progress, error) {
	return im.run(ctx, sink, func(ctx context.Context, jobs chan<- job, c *Counters) error {
		for _, p := range paths {
			if err := im.walk(ctx, p, jobs, c); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				c.failed.Add(1)
				c.done.Add(1)
				if im.OnError != nil {
					if aerr := im.OnError(p, err); aerr != nil {
						return aerr
					}
				}
			}
		}
		return nil
	})
}

// run drives one import: walk queues jobs, workers read and analyse them,
// and this goroutine batches the results into the sink.
func (im *Importer) run(ctx context.Context, sink Sink, walk func(context.Context, chan<- job, *Counters) error) (Progress, error) {
	c := im.Counters
	if c == nil {
		c = new(Counters)
	}
	c.start.Store(time.Now().UnixNano())
	c.walking.Store(true)
	workers := im.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := im.BatchSize
	if batchSize <= 0 {
		batchSize = 500
	}
	onError := im.OnError
	if onError == nil {
		onError = func(string, error) error { return nil }
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	jobs := make(chan job, 256)
	results := make(chan result, 64)
	firstSeq := c.seq.Load() // the first job's sequence number

	// Walk.
	var walkErr error
	go func() {
		defer close(jobs)
		defer c.walking.Store(false)
		if err := walk(ctx, jobs, c); err != nil && ctx.Err() == nil {
			walkErr = err
			cancel(err)
		}
	}()

	// Read and analyse. Every job passes the turnstile once, in walk order
	// (the jobs channel hands them out in that order, so a job only ever
	// waits for jobs other workers already hold).
	var gate *turnstile
	if im.Boilerplate != nil {
		gate = newTurnstile(firstSeq)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				passed := false
				turn := func(fn func()) {
					passed = true
					if gate != nil {
						gate.pass(j.seq, fn)
					} else {
						fn()
					}
				}
				if ctx.Err() != nil {
					if gate != nil {
						gate.pass(j.seq, nil)
					}
					continue
				}
				r := im.process(j, turn)
				if !passed && gate != nil {
					gate.pass(j.seq, nil)
				}
				r.seq = j.seq
				results <- r
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Collect into batches on this goroutine; one goroutine below hands them
	// to the sink, so the sink sees one call at a time.
	var (
		batch   Batch
		seen    = map[string]string{} // id → first path, within this run
		sinkErr error
		sum     = Summary{NearDups: map[string][]string{}, Signatures: map[string][]uint32{}}
		learned map[string][]string
	)
	if im.Boilerplate != nil {
		learned = im.Boilerplate.Outlets()
	}
	// A goroutine of its own stores the batches, so reading and analysis
	// go on while the index digests the previous batch.
	var (
		errMu sync.Mutex
		puts  = make(chan Batch, 1)
		putWG sync.WaitGroup
	)
	failed := func() bool {
		errMu.Lock()
		defer errMu.Unlock()
		return sinkErr != nil
	}
	putWG.Add(1)
	go func() {
		defer putWG.Done()
		for b := range puts {
			if failed() || ctx.Err() != nil {
				continue // stop cleanly after the batch being stored
			}
			if err := sink.Put(ctx, b); err != nil {
				errMu.Lock()
				sinkErr = err
				errMu.Unlock()
				cancel(err)
				continue
			}
			c.articles.Add(int64(len(b.Articles)))
		}
	}()
	flush := func() {
		if len(batch.Articles) == 0 && len(batch.Files) == 0 {
			return
		}
		puts <- batch
		batch = Batch{}
	}
	for r := range inOrder(results, firstSeq) {
		if failed() || ctx.Err() != nil {
			continue
		}
		switch {
		case r.rec.Err != "":
			c.failed.Add(1)
			if aerr := onError(r.rec.Path, errors.New(r.rec.Err)); aerr != nil {
				cancel(aerr)
			}
			if len(r.articles) > 0 {
				c.imported.Add(1)
			}
		case r.skipped || len(r.articles) == 0:
			c.skipped.Add(1)
		default:
			c.imported.Add(1)
		}
		for i, a := range r.articles {
			if _, dup := seen[a.ID]; dup {
				// An exact duplicate within this run: record the copy on the
				// first when it is still in this batch; otherwise the sink
				// records it (it knows the stored article by its id).
				merged := false
				for k := range batch.Articles {
					if batch.Articles[k].ID == a.ID {
						batch.Articles[k].Copies = append(batch.Articles[k].Copies, a.Path)
						merged = true
						break
					}
				}
				if !merged {
					batch.Articles = append(batch.Articles, a)
				}
				continue
			}
			seen[a.ID] = a.Path
			if im.NearDups != nil && i < len(r.sigs) && r.sigs[i] != nil {
				sum.Signatures[a.ID] = r.sigs[i]
				if dups := im.NearDups.Add(a.ID, r.sigs[i]); len(dups) > 0 {
					dups = slices.DeleteFunc(dups, func(d string) bool { return d == a.ID })
					a.NearDups = append(a.NearDups, dups...)
					if len(a.NearDups) > 0 {
						sum.NearDups[a.ID] = a.NearDups
					}
				}
			}
			batch.Articles = append(batch.Articles, a)
		}
		if !r.skipped {
			batch.Files = append(batch.Files, r.rec)
		}
		c.done.Add(1)
		c.bytes.Add(r.rec.Size)
		if len(batch.Articles) >= batchSize || len(batch.Files) >= 4*batchSize {
			flush()
		}
	}
	if ctx.Err() == nil {
		flush()
	}
	close(puts)
	putWG.Wait()
	if im.Boilerplate != nil {
		after := im.Boilerplate.Outlets()
		for o, lines := range after {
			if !slices.Equal(lines, learned[o]) {
				sum.Outlets = append(sum.Outlets, o)
			}
		}
		slices.Sort(sum.Outlets)
	}
	if f, ok := sink.(Finisher); ok && sinkErr == nil {
		// Finish even after a cancel: what was stored gets its links.
		sum.Complete = ctx.Err() == nil && walkErr == nil
		c.finishing.Store(true)
		if err := f.Finish(context.WithoutCancel(ctx), sum); err != nil && sinkErr == nil {
			sinkErr = err
		}
	}
	p := c.Snapshot()
	p.Finished = true
	switch {
	case walkErr != nil:
		return p, walkErr
	case sinkErr != nil:
		return p, sinkErr
	case context.Cause(ctx) != nil && !errors.Is(context.Cause(ctx), context.Canceled):
		return p, context.Cause(ctx)
	case ctx.Err() != nil:
		return p, ctx.Err()
	}
	return p, nil
}

// walk queues the files under one path.
func (im *Importer) walk(ctx context.Context, p string, jobs chan<- job, c *Counters) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return cleanOSError(err)
	}
	if !st.IsDir() {
		if isArchive(abs) {
			return im.walkArchive(ctx, abs, jobs, c)
		}
		dir := filepath.Dir(abs)
		r := &root{path: dir, manifest: im.loadManifest(dir, false)}
		return send(ctx, jobs, c, job{fsys: os.DirFS(dir), name: filepath.Base(abs), path: abs, rel: filepath.Base(abs), root: r, size: st.Size()})
	}
	r := &root{path: abs, manifest: im.loadManifest(abs, true)}
	r.folderOutlet = im.folderOutlet(os.DirFS(abs))
	return im.walkFS(ctx, os.DirFS(abs), abs, r, jobs, c)
}

func (im *Importer) walkFS(ctx context.Context, fsys fs.FS, display string, r *root, jobs chan<- job, c *Counters) error {
	sep := string(filepath.Separator)
	if strings.HasSuffix(display, "!") {
		sep = ""
	}
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		full := display + sep + filepath.FromSlash(name)
		if err != nil {
			if name == "." {
				return cleanOSError(err)
			}
			// An unreadable folder: report it and go on with the rest.
			c.failed.Add(1)
			c.done.Add(1)
			if im.OnError != nil {
				if aerr := im.OnError(full, cleanOSError(err)); aerr != nil {
					return aerr
				}
			}
			return nil
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		base := d.Name()
		if strings.HasPrefix(base, ".") || isManifestName(base) && path.Dir(name) == "." || isDocFile(base) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return send(ctx, jobs, c, job{fsys: fsys, name: name, path: full, rel: name, root: r})
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			// Follow links to files, never to folders (no loops).
			st, err := fs.Stat(fsys, name)
			if err != nil || st.IsDir() {
				return nil
			}
			info = st
		} else if !info.Mode().IsRegular() {
			return nil
		}
		if isArchive(base) && !strings.Contains(display, "!") {
			// An archive inside a folder reads like a sub-folder; a bad one
			// is reported and the walk goes on.
			if err := im.walkArchive(ctx, full, jobs, c); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				c.failed.Add(1)
				c.done.Add(1)
				if im.OnError != nil {
					return im.OnError(full, err)
				}
			}
			return nil
		}
		return send(ctx, jobs, c, job{fsys: fsys, name: name, path: full, rel: name, root: r, size: info.Size()})
	})
}

func (im *Importer) walkArchive(ctx context.Context, abs string, jobs chan<- job, c *Counters) error {
	f, err := os.Open(abs)
	if err != nil {
		return cleanOSError(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	fsys, bad, err := OpenZip(f, st.Size())
	if err != nil {
		f.Close()
		return fmt.Errorf("zip archive: %w", err)
	}
	// f stays open while the workers read entries from it; the garbage
	// collector closes it once the import no longer refers to fsys.
	for _, b := range bad {
		c.failed.Add(1)
		c.done.Add(1)
		if im.OnError != nil {
			if aerr := im.OnError(abs+"!"+b.Item, b.Err); aerr != nil {
				return aerr
			}
		}
	}
	r := &root{path: abs}
	r.folderOutlet = im.folderOutlet(fsys)
	return im.walkFS(ctx, fsys, abs+"!", r, jobs, c)
}

// inOrder passes the workers' results on in the order the walk found their
// files (from seq first), so that the first-come decisions of a run (which
// of two identical files is the original and which the copy, the direction
// of near-duplicate links, batch contents) do not depend on which worker
// finished first: the same folder imports the same way every time. A result
// waits at most for the files found before it.
func inOrder(in <-chan result, first int64) <-chan result {
	out := make(chan result, 64)
	go func() {
		defer close(out)
		pending := map[int64]result{}
		next := first
		for r := range in {
			pending[r.seq] = r
			for {
				p, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				out <- p
			}
		}
	}()
	return out
}

// turnstile lets the workers through one job at a time, in sequence order.
type turnstile struct {
	mu   sync.Mutex
	cond sync.Cond
	next int64
}

func newTurnstile(first int64) *turnstile {
	t := &turnstile{next: first}
	t.cond.L = &t.mu
	return t
}

// pass waits for job seq's turn, runs fn (when not nil) and lets the next
// job through.
func (t *turnstile) pass(seq int64, fn func()) {
	t.mu.Lock()
	for t.next != seq {
		t.cond.Wait()
	}
	t.mu.Unlock()
	if fn != nil {
		fn()
	}
	t.mu.Lock()
	t.next++
	t.mu.Unlock()
	t.cond.Broadcast()
}

func send(ctx context.Context, jobs chan<- job, c *Counters, j job) error {
	j.seq = c.seq.Add(1) - 1
	c.total.Add(1)
	c.totalBytes.Add(j.size)
	select {
	case jobs <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (im *Importer) folderOutlet(fsys fs.FS) bool {
	switch im.FolderOutlet {
	case FolderOutletOn:
		return true
	case FolderOutletOff:
		return false
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return false
	}
	dirs, files := 0, 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() {
			dirs++
		} else if !isManifestName(e.Name()) {
			files++
		}
	}
	return dirs > 0 && dirs >= files
}

// isDocFile reports whether a file documents a collection rather than
// holding an article: README, LICENSE, CHANGELOG and the like.
func isDocFile(base string) bool {
	stem := strings.ToUpper(strings.TrimSuffix(base, path.Ext(base)))
	switch stem {
	case "README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "NOTICE", "AUTHORS":
		return true
	}
	return false
}

func isArchive(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".zip")
}

// process reads and analyses one file; it runs on a worker. It calls turn
// at most once, with the step that must run in walk order.
func (im *Importer) process(j job, turn func(func())) result {
	rec := FileRecord{Path: j.path, Size: j.size, Time: time.Now().UTC()}
	fail := func(err error) result {
		rec.Err = err.Error()
		return result{rec: rec}
	}
	max := im.MaxFileSize
	if max <= 0 {
		max = 64 << 20
	}
	if j.size > max {
		return fail(fmt.Errorf("file too large (%d MiB; the limit is %d MiB)", j.size>>20, max>>20))
	}
	f, err := j.fsys.Open(j.name)
	if err != nil {
		return fail(cleanOSError(err))
	}
	data, err := readAllSized(io.LimitReader(f, max+1), min(j.size, max)+1)
	f.Close()
	if err != nil {
		return fail(cleanOSError(err))
	}
	if int64(len(data)) > max {
		return fail(fmt.Errorf("file too large (the limit is %d MiB)", max>>20))
	}
	rec.Size = int64(len(data))
	sum := sha256.Sum256(data)
	rec.Hash = hex.EncodeToString(sum[:16])
	if im.Unchanged != nil && im.Unchanged(j.path, rec.Size, rec.Hash) {
		return result{rec: rec, skipped: true}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(errors.New("empty file"))
	}
	format, ok := Sniff(j.name, data[:min(len(data), 4096)])
	if !ok {
		if _, known := extFormats[strings.ToLower(path.Ext(j.name))]; known {
			// Named like an article but holding something else: say so.
			if _, err := DecodeText(data); err != nil {
				return fail(err)
			}
			return fail(errors.New("not an article file of its kind (binary or unrecognised content)"))
		}
		return result{rec: rec, skipped: true}
	}
	arts, err := ReaderFor(format).Read(j.name, data)
	var items ItemErrors
	if err != nil && !errors.As(err, &items) {
		if errors.Is(err, ErrSkip) {
			return result{rec: rec, skipped: true}
		}
		return fail(err)
	}
	for i := range arts {
		a := &arts[i]
		a.Format = format
		a.Path = j.path
		if len(arts) > 1 || format == "jsonl" || format == "csv" || format == "tsv" {
			// An item of a multi-article file: the path says which one.
			a.Path = fmt.Sprintf("%s#%d", j.path, i+1)
		}
		a.Source = SourceFile{Path: j.path, Size: rec.Size, Hash: rec.Hash}
		im.clean(a, j)
	}
	if im.Boilerplate != nil {
		// Learning and cutting boilerplate happen in walk order, so that
		// each article is cut with the evidence of exactly the articles
		// found before it, however the workers are scheduled.
		turn(func() {
			for i := range arts {
				im.Boilerplate.Observe(arts[i].Outlet, &arts[i])
				im.Boilerplate.Apply(arts[i].Outlet, &arts[i])
			}
		})
	}
	out := arts[:0]
	var sigs [][]uint32
	for i := range arts {
		a := &arts[i]
		im.analyse(a, j)
		if strings.TrimSpace(a.Body) == "" && strings.TrimSpace(a.Title) == "" {
			items = append(items, ItemError{Item: fmt.Sprintf("article %d", i+1), Err: errors.New("no text")})
			continue
		}
		rec.IDs = append(rec.IDs, a.ID)
		out = append(out, *a)
		if im.NearDups != nil {
			sigs = append(sigs, MinHash(a.Body))
		}
	}
	res := result{articles: out, rec: rec, sigs: sigs}
	if len(items) > 0 {
		res.rec.Err = items.Error()
	}
	return res
}

// readAllSized reads r to the end into a buffer first sized for the
// expected size (the file's size from the walk, plus one byte to see EOF),
// so that a file is read without growing and copying the buffer.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	if size <= 1 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow: the file is larger than the walk saw
		}
	}
}

// clean fills metadata from the manifest and the folder, cleans one
// article and gives it its id.
func (im *Importer) clean(a *Article, j job) {
	if m := j.root.manifest[j.rel]; m != nil {
		applyManifest(a, m)
	}
	if a.Outlet == "" && j.root.folderOutlet {
		if first, _, ok := strings.Cut(j.rel, "/"); ok {
			a.Outlet = strings.ReplaceAll(first, "_", " ")
		}
	}
	a.Outlet = NormalizeOutlet(a.Outlet)
	CleanArticle(a)
	// The id is taken before learned boilerplate is cut, so that cleaning
	// again later (when an outlet's footers are learned) keeps it stable.
	a.ID = MakeID(a.Title, a.Body)
}

// analyse completes an article once learned boilerplate is cut: the date
// from the file name or a dateline, the language and the analysis.
func (im *Importer) analyse(a *Article, j job) {
	if !a.Dated() {
		if t, ok := DateFromFilename(j.rel); ok {
			a.Published, a.DateSource = t, "filename"
		} else if t, ok := DateFromDateline(a.Body); ok {
			a.Published, a.DateSource = t, "dateline"
		}
	}
	if a.Lang == "" {
		a.Lang = DetectLanguage(a.Title + "\n\n" + a.Body)
	}
	if im.Analyze != nil {
		im.Analyze(a)
	}
}

// cleanOSError strips Go's "open /x: " prefixes; the caller names the path.
func cleanOSError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ImportFS imports everything in fsys (an embedded or in-memory tree) as one
// root; display prefixes the article paths, e.g. "sample:".
func (im *Importer) ImportFS(ctx context.Context, sink Sink, fsys fs.FS, display string) (Progress, error) {
	return im.run(ctx, sink, func(ctx context.Context, jobs chan<- job, c *Counters) error {
		r := &root{path: display, folderOutlet: im.folderOutlet(fsys)}
		for _, n := range manifestNames {
			if data, err := fs.ReadFile(fsys, n); err == nil {
				if m, err := parseManifest(data); err == nil {
					r.manifest = m
				}
				break
			}
		}
		return im.walkFS(ctx, fsys, display, r, jobs, c)
	})
}

// ReadFile reads and analyses one file the way an import would (without
// boilerplate learning or near-duplicate links, which need a corpus). An
// archive yields the articles of all its entries.
func (im *Importer) ReadFile(ctx context.Context, file string) ([]Article, error) {
	var out []Article
	var failed []string
	cp := *im
	cp.Unchanged, cp.Boilerplate, cp.NearDups = nil, nil, nil
	cp.OnError = func(p string, err error) error {
		failed = append(failed, p+": "+err.Error())
		return nil
	}
	_, err := cp.Import(ctx, sinkFunc(func(_ context.Context, b Batch) error {
		out = append(out, b.Articles...)
		return nil
	}), file)
	if err != nil {
		return out, err
	}
	if len(failed) > 0 {
		return out, errors.New(strings.Join(failed, "; "))
	}
	return out, nil
}

type sinkFunc func(context.Context, Batch) error

func (f sinkFunc) Put(ctx context.Context, b Batch) error { return f(ctx, b) }

// PlainArticle treats the whole text as body, with no title, caption or
// boilerplate heuristics; only the language is detected.
func PlainArticle(name string, data []byte) (Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return Article{}, err
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	a := Article{Path: name, Format: "plain", Outlet: "unknown", Body: text}
	a.Lang = DetectLanguage(text)
	a.ID = MakeID("", text)
	return a, nil
}
