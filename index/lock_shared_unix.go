//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// acquireSharedLock takes a shared, non-blocking flock on dir/lock: any
// number of read-only processes can hold it together, but not while a
// writer holds the exclusive lock (and a writer cannot take it while they do).
func acquireSharedLock(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: cannot open lock file: %w", dir, unwrapPath(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		pid := ""
		if b, rerr := os.ReadFile(f.Name()); rerr == nil {
			pid = strings.TrimSpace(string(b))
		}
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if pid != "" {
				return nil, fmt.Errorf("%w (pid %s): %s", ErrInUse, pid, dir)
			}
			return nil, fmt.Errorf("%w: %s", ErrInUse, dir)
		}
		return nil, fmt.Errorf("corpus %s: lock: %w", dir, err)
	}
	// Name a reader in the lock file, so a writer that is refused learns who holds it.
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return f, nil
}
