package corpus

import (
	"path"
	"strings"
)

// Sniff picks the format of a file by extension and, when the extension is
// missing, by content. ok is false for files that are not articles.
func Sniff(name string, head []byte) (format string, ok bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text", "":
		return "txt", true
	case ".md", ".markdown":
		return "md", true
	}
	return "", false
}

// ReaderFor returns the reader for a format returned by Sniff.
func ReaderFor(format string) Reader {
	switch format {
	case "txt", "md":
		return ReaderFunc(readText)
	}
	return nil
}
