package corpus

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Limits OpenZip enforces, on the declared sizes when the archive is opened
// and on the bytes actually decompressed when entries are read. Tests and
// callers may lower them.
var (
	// ZipMaxTotal bounds the total uncompressed size of an archive.
	ZipMaxTotal int64 = 2 << 30
	// ZipMaxEntry bounds the uncompressed size of one entry.
	ZipMaxEntry int64 = 256 << 20
	// ZipMaxRatio bounds the compression ratio of entries larger than
	// ZipRatioMinSize: beyond it the archive is taken for a zip bomb.
	ZipMaxRatio int64 = 200
	// ZipRatioMinSize is the uncompressed size from which ZipMaxRatio applies.
	ZipRatioMinSize int64 = 1 << 20
)

// ErrZipLimit is wrapped by the errors OpenZip and reads from its file
// system return when an archive expands beyond the limits.
var ErrZipLimit = errors.New("zip archive expands beyond the limits")

// OpenZip exposes a zip archive as an fs.FS without extracting it.
//
// Entries with absolute paths, drive letters or ".." elements are refused and
// listed in bad (the others stay readable), as are duplicate names. macOS
// resource forks (__MACOSX/) are hidden. Entry names that are not UTF-8 are
// decoded as code page 437. err is non-nil when the archive cannot be read or
// declares more than the limits allow (ZipMaxTotal, ZipMaxEntry, ZipMaxRatio
// for entries over ZipRatioMinSize: a zip bomb); reading an entry fails with
// an error wrapping ErrZipLimit as soon as the bytes actually decompressed
// pass those limits, whatever the headers said.
func OpenZip(r io.ReaderAt, size int64) (fs.FS, []ItemError, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, nil, fmt.Errorf("not a valid zip archive: %w", err)
	}
	z := &zipFS{
		files: make(map[string]*zipNode),
		root:  &zipNode{name: ".", dir: true},
	}
	z.files["."] = z.root
	var (
		bad   []ItemError
		total uint64
	)
	for _, f := range zr.File {
		name := f.Name
		if f.NonUTF8 || !utf8.ValidString(name) {
			if d, err := charmap.CodePage437.NewDecoder().String(name); err == nil {
				name = d
			}
		}
		clean, reason := zipEntryPath(name)
		if reason != "" {
			bad = append(bad, ItemError{Item: name, Err: errors.New(reason)})
			continue
		}
		if clean == "" || clean == "__MACOSX" || strings.HasPrefix(clean, "__MACOSX/") {
			continue
		}
		isDir := strings.HasSuffix(strings.ReplaceAll(name, "\\", "/"), "/") || f.FileInfo().IsDir()
		if isDir {
			z.mkdirAll(clean, f.Modified)
			continue
		}
		if f.UncompressedSize64 > uint64(ZipMaxEntry) {
			return nil, nil, fmt.Errorf("%w: entry %q is %d MiB uncompressed (the limit is %d MiB)", ErrZipLimit, name, f.UncompressedSize64>>20, ZipMaxEntry>>20)
		}
		total += f.UncompressedSize64
		if total > uint64(ZipMaxTotal) {
			return nil, nil, fmt.Errorf("%w: more than %d MiB uncompressed in total", ErrZipLimit, ZipMaxTotal>>20)
		}
		if f.UncompressedSize64 > uint64(ZipRatioMinSize) {
			comp := max(f.CompressedSize64, 1)
			if ratio := f.UncompressedSize64 / comp; ratio > uint64(ZipMaxRatio) {
				return nil, nil, fmt.Errorf("%w: entry %q expands %d:1 (%d MiB from %d KiB; the limit is %d:1), a zip bomb", ErrZipLimit, name, ratio, f.UncompressedSize64>>20, f.CompressedSize64>>10, ZipMaxRatio)
			}
		}
		if old, dup := z.files[clean]; dup {
			if !old.dir {
				bad = append(bad, ItemError{Item: name, Err: errors.New("duplicate entry name (the first one is kept)")})
			} else {
				bad = append(bad, ItemError{Item: name, Err: errors.New("entry name is also a folder")})
			}
			continue
		}
		parent := z.mkdirAll(path.Dir(clean), time.Time{})
		if parent == nil {
			bad = append(bad, ItemError{Item: name, Err: errors.New("entry path runs through a file")})
			continue
		}
		n := &zipNode{name: path.Base(clean), file: f, fs: z, mod: f.Modified, size: int64(f.UncompressedSize64)}
		z.files[clean] = n
		parent.children = append(parent.children, n)
	}
	for _, n := range z.files {
		if n.dir {
			sort.Slice(n.children, func(i, j int) bool { return n.children[i].name < n.children[j].name })
		}
	}
	return z, bad, nil
}

// zipEntryPath cleans an entry name to a slash path for fs.FS, or explains
// why it is refused.
func zipEntryPath(name string) (string, string) {
	n := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':' && isASCIILetter(n[0])) {
		return "", "absolute path refused"
	}
	for _, el := range strings.Split(n, "/") {
		if el == ".." {
			return "", `path with ".." refused (it would escape the archive)`
		}
	}
	n = strings.TrimSuffix(n, "/")
	if n == "" {
		return "", ""
	}
	c := path.Clean(n)
	if c == "." {
		return "", ""
	}
	if !fs.ValidPath(c) || strings.ContainsRune(c, 0) {
		return "", "invalid entry name"
	}
	return c, ""
}

type zipFS struct {
	files map[string]*zipNode
	root  *zipNode

	mu       sync.Mutex
	expanded map[*zipNode]int64 // most bytes ever read from each entry
	total    int64
}

type zipNode struct {
	name     string
	dir      bool
	children []*zipNode
	file     *zip.File
	fs       *zipFS
	mod      time.Time
	size     int64
}

func (z *zipFS) mkdirAll(dir string, mod time.Time) *zipNode {
	if dir == "." || dir == "" {
		return z.root
	}
	if n, ok := z.files[dir]; ok {
		if !n.dir {
			return nil
		}
		if !mod.IsZero() {
			n.mod = mod
		}
		return n
	}
	parent := z.mkdirAll(path.Dir(dir), time.Time{})
	if parent == nil {
		return nil
	}
	n := &zipNode{name: path.Base(dir), dir: true, mod: mod}
	z.files[dir] = n
	parent.children = append(parent.children, n)
	return n
}

// Open implements fs.FS.
func (z *zipFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	n, ok := z.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if n.dir {
		return &zipDir{node: n}, nil
	}
	if n.file.Flags&0x1 != 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("encrypted zip entry (password-protected archive)")}
	}
	rc, err := n.file.Open()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &zipFile{node: n, rc: rc, path: name}, nil
}

// Stat implements fs.StatFS.
func (z *zipFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	n, ok := z.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return zipInfo{n}, nil
}

// ReadDir implements fs.ReadDirFS.
func (z *zipFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	n, ok := z.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	if !n.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	out := make([]fs.DirEntry, len(n.children))
	for i, c := range n.children {
		out[i] = fs.FileInfoToDirEntry(zipInfo{c})
	}
	return out, nil
}

// account records that n has now produced read bytes in total and checks the
// limits on actual decompressed bytes.
func (z *zipFS) account(n *zipNode, read int64) error {
	if read > ZipMaxEntry {
		return fmt.Errorf("%w: entry %q expands past %d MiB", ErrZipLimit, n.name, ZipMaxEntry>>20)
	}
	if read > ZipRatioMinSize {
		comp := max(int64(n.file.CompressedSize64), 1)
		if read/comp > ZipMaxRatio {
			return fmt.Errorf("%w: entry %q expands more than %d:1 (%d MiB from %d KiB), a zip bomb", ErrZipLimit, n.name, ZipMaxRatio, read>>20, comp>>10)
		}
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.expanded == nil {
		z.expanded = make(map[*zipNode]int64)
	}
	if prev := z.expanded[n]; read > prev {
		z.total += read - prev
		z.expanded[n] = read
	}
	if z.total > ZipMaxTotal {
		return fmt.Errorf("%w: more than %d MiB decompressed in total", ErrZipLimit, ZipMaxTotal>>20)
	}
	return nil
}

type zipFile struct {
	node *zipNode
	rc   io.ReadCloser
	path string
	read int64
	err  error
}

func (f *zipFile) Stat() (fs.FileInfo, error) { return zipInfo{f.node}, nil }

func (f *zipFile) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.rc.Read(p)
	f.read += int64(n)
	if lerr := f.node.fs.account(f.node, f.read); lerr != nil {
		f.err = lerr
		return 0, lerr
	}
	switch {
	case err == nil, err == io.EOF:
	case errors.Is(err, zip.ErrFormat):
		err = fmt.Errorf("zip entry %s is corrupt or larger than declared: %w", f.path, err)
	case errors.Is(err, zip.ErrChecksum):
		err = fmt.Errorf("zip entry %s is corrupt: %w", f.path, err)
	default:
		err = fmt.Errorf("zip entry %s: %w", f.path, err)
	}
	return n, err
}

func (f *zipFile) Close() error { return f.rc.Close() }

type zipDir struct {
	node *zipNode
	pos  int
}

func (d *zipDir) Stat() (fs.FileInfo, error) { return zipInfo{d.node}, nil }
func (d *zipDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.node.name, Err: errors.New("is a directory")}
}
func (d *zipDir) Close() error { return nil }

func (d *zipDir) ReadDir(count int) ([]fs.DirEntry, error) {
	rest := d.node.children[d.pos:]
	if count > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if count > 0 && len(rest) > count {
		rest = rest[:count]
	}
	out := make([]fs.DirEntry, len(rest))
	for i, c := range rest {
		out[i] = fs.FileInfoToDirEntry(zipInfo{c})
	}
	d.pos += len(rest)
	return out, nil
}

type zipInfo struct{ n *zipNode }

func (i zipInfo) Name() string { return i.n.name }
func (i zipInfo) Size() int64 {
	if i.n.dir {
		return 0
	}
	return i.n.size
}
func (i zipInfo) Mode() fs.FileMode {
	if i.n.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i zipInfo) ModTime() time.Time { return i.n.mod }
func (i zipInfo) IsDir() bool        { return i.n.dir }
func (i zipInfo) Sys() any           { return nil }
