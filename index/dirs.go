package index

import (
	"os"
	"path/filepath"
)

// DefaultDir is the per-user default corpus: $XDG_DATA_HOME/parallax/corpora/default
// on Linux (~/.local/share/...), the platform's user config dir elsewhere.
func DefaultDir() string {
	return filepath.Join(DataDir(), "corpora", "default")
}

// DataDir is Parallax's per-user data directory.
func DataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "parallax")
	}
	if home, err := os.UserHomeDir(); err == nil {
		if _, err := os.Stat("/proc"); err == nil || os.PathSeparator == '/' {
			return filepath.Join(home, ".local", "share", "parallax")
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "parallax")
	}
	return "parallax-data"
}
