package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

type zipEntry struct {
	name string
	body []byte
	// declared, when set, is written as the uncompressed size instead of
	// the real one (a lying header).
	declared uint64
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.declared > 0 {
			raw := deflate(t, e.body)
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, CompressedSize64: uint64(len(raw)), UncompressedSize64: e.declared, CRC32: crc32.ChecksumIEEE(e.body)}
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(raw)
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflate returns the raw deflate stream of b, taken from a zip entry.
func deflate(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
	w.Write(b)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(rc)
	return raw
}

func openZipBytes(b []byte) (fs.FS, []ItemError, error) {
	return OpenZip(bytes.NewReader(b), int64(len(b)))
}

func TestZipOpen(t *testing.T) {
	data := makeZip(t,
		zipEntry{name: "outlet-a/one.txt", body: []byte("One\n\nBody one.")},
		zipEntry{name: "outlet-a/two.html", body: []byte("<p>Two</p>")},
		zipEntry{name: "../evil.txt", body: []byte("escape")},
		zipEntry{name: "safe/../../evil2.txt", body: []byte("escape")},
		zipEntry{name: "/etc/passwd", body: []byte("abs")},
		zipEntry{name: "C:\\Windows\\x.txt", body: []byte("drive")},
		zipEntry{name: "win\\style\\three.txt", body: []byte("Three")},
		zipEntry{name: "__MACOSX/outlet-a/._one.txt", body: []byte("\x00\x05\x16\x07")},
		zipEntry{name: "outlet-a/one.txt", body: []byte("duplicate")},
		zipEntry{name: "empty-dir/", body: nil},
	)
	fsys, bad, err := openZipBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range bad {
		names = append(names, b.Item)
	}
	if got := strings.Join(names, ","); got != `../evil.txt,safe/../../evil2.txt,/etc/passwd,C:\Windows\x.txt,outlet-a/one.txt` {
		t.Errorf("bad entries %s", got)
	}
	if !strings.Contains(bad[0].Err.Error(), `".."`) || !strings.Contains(bad[2].Err.Error(), "absolute") {
		t.Errorf("reasons: %v / %v", bad[0].Err, bad[2].Err)
	}
	if err := fstest.TestFS(fsys, "outlet-a/one.txt", "outlet-a/two.html", "win/style/three.txt", "empty-dir"); err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(fsys, "outlet-a/one.txt")
	if err != nil || string(b) != "One\n\nBody one." {
		t.Errorf("read: %q %v", b, err)
	}
	if _, err := fs.Stat(fsys, "__MACOSX"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("__MACOSX visible: %v", err)
	}
	if _, err := fsys.Open("../evil.txt"); err == nil {
		t.Error("opened ../evil.txt")
	}
	entries, _ := fs.ReadDir(fsys, ".")
	var top []string
	for _, e := range entries {
		top = append(top, e.Name())
	}
	if strings.Join(top, ",") != "empty-dir,outlet-a,win" {
		t.Errorf("root %v", top)
	}
}

func TestZipBomb(t *testing.T) {
	zeros := make([]byte, 50<<20)
	data := makeZip(t, zipEntry{name: "bomb.txt", body: zeros})
	_, _, err := openZipBytes(data)
	if err == nil || !errors.Is(err, ErrZipLimit) || !strings.Contains(err.Error(), "zip bomb") || !strings.Contains(err.Error(), "bomb.txt") {
		t.Fatalf("zip bomb: %v", err)
	}
	t.Logf("%d KiB archive: %v", len(data)>>10, err)
}

func TestZipLyingHeader(t *testing.T) {
	// The header says 100 bytes; the stream holds 5 MiB of zeros.
	data := makeZip(t, zipEntry{name: "liar.txt", body: make([]byte, 5<<20), declared: 100})
	fsys, _, err := openZipBytes(data)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	b, err := fs.ReadFile(fsys, "liar.txt")
	if err == nil || !strings.Contains(err.Error(), "larger than declared") || len(b) > 100 {
		t.Fatalf("read %d bytes: %v", len(b), err)
	}
}

func TestZipLimits(t *testing.T) {
	defer func(total, entry int64) { ZipMaxTotal, ZipMaxEntry = total, entry }(ZipMaxTotal, ZipMaxEntry)
	body := bytes.Repeat([]byte("some article text "), 100) // 1800 bytes
	data := makeZip(t, zipEntry{name: "a.txt", body: body}, zipEntry{name: "b.txt", body: body})

	ZipMaxEntry = 1000
	if _, _, err := openZipBytes(data); err == nil || !errors.Is(err, ErrZipLimit) || !strings.Contains(err.Error(), `entry "a.txt"`) {
		t.Errorf("entry limit: %v", err)
	}
	ZipMaxEntry, ZipMaxTotal = 1<<20, 3000
	if _, _, err := openZipBytes(data); err == nil || !errors.Is(err, ErrZipLimit) || !strings.Contains(err.Error(), "in total") {
		t.Errorf("total limit: %v", err)
	}

	// Reads count the bytes actually decompressed: lower the limits after
	// the declared sizes were accepted.
	ZipMaxEntry, ZipMaxTotal = 1<<20, 1<<20
	fsys, _, err := openZipBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	ZipMaxTotal = 2000
	if _, err := fs.ReadFile(fsys, "a.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "a.txt"); err != nil {
		t.Fatalf("re-reading an entry counts once: %v", err)
	}
	if _, err := fs.ReadFile(fsys, "b.txt"); err == nil || !errors.Is(err, ErrZipLimit) {
		t.Errorf("actual total: %v", err)
	}
	ZipMaxTotal = 1 << 20
	fsys, _, _ = openZipBytes(makeZip(t, zipEntry{name: "c.txt", body: body}))
	ZipMaxEntry = 1000
	if _, err := fs.ReadFile(fsys, "c.txt"); err == nil || !errors.Is(err, ErrZipLimit) {
		t.Errorf("actual entry: %v", err)
	}
}

func TestZipInvalid(t *testing.T) {
	if _, _, err := openZipBytes([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), "not a valid zip") {
		t.Errorf("garbage: %v", err)
	}
}

func TestZipNonUTF8Names(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "caf\x82.txt", NonUTF8: true}) // CP437 é
	w.Write([]byte("x"))
	zw.Close()
	fsys, bad, err := openZipBytes(buf.Bytes())
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	if _, err := fs.Stat(fsys, "café.txt"); err != nil {
		t.Error(err)
	}
}

func TestZipEncryptedEntry(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	raw := []byte("encrypted bytes")
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "secret.txt", Method: zip.Store, Flags: 0x1, CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(len(raw)), CRC32: crc32.ChecksumIEEE(raw)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	zw.Close()
	fsys, _, err := openZipBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "secret.txt"); err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Errorf("encrypted entry: %v", err)
	}
}
