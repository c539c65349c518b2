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

// acquireLock takes an exclusive, non-blocking flock on dir/lock, so a second
// process fails at once instead of waiting on Bleve's own file locks. The
// kernel drops the lock when the process dies, so a crash never leaves a
// stale lock behind.
func acquireLock(dir string) (*os.File, error) { return flockCorpus(dir, syscall.LOCK_EX) }

// acquireSharedLock takes a shared, non-blocking flock on dir/lock: any
// number of read-only processes can hold it together, but not while a
// writer holds the exclusive lock (and a writer cannot take it while they do).
func acquireSharedLock(dir string) (*os.File, error) { return flockCorpus(dir, syscall.LOCK_SH) }

// flockCorpus takes the lock in mode (LOCK_EX or LOCK_SH) without waiting,
// and writes this process's id into the lock file so that a process that
// is refused learns who holds the corpus.
func flockCorpus(dir string, mode int) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: cannot open lock file: %w", dir, unwrapPath(err))
	}
	if err := syscall.Flock(int(f.Fd()), mode|syscall.LOCK_NB); err != nil {
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
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return f, nil
}

func (c *Corpus) releaseLock() {
	if c.lock != nil {
		syscall.Flock(int(c.lock.Fd()), syscall.LOCK_UN)
		c.lock.Close()
		c.lock = nil
	}
}
