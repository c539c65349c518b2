package corpus

import (
	"archive/zip"
	"io"
	"io/fs"
)

// OpenZip exposes a zip archive as an fs.FS.
func OpenZip(r io.ReaderAt, size int64) (fs.FS, []ItemError, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, err
	}
	return z, nil, nil
}
