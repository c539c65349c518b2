package corpus

import (
	"context"
	"sync/atomic"
	"time"
)

// Progress is a snapshot of an import's counters.
type Progress struct {
	// Total is the number of files found by the walk so far; TotalBytes their size.
	Total, TotalBytes int64
	// Done is the number of files finished (imported + skipped + failed).
	Done     int64
	Imported int64 // files that yielded at least one new or updated article
	Articles int64 // articles handed to the sink
	Skipped  int64 // unchanged, duplicate or non-article files
	Failed   int64
	Bytes    int64 // bytes of finished files
	Elapsed  time.Duration
	// Walking is true while the file walk is still counting.
	Walking bool
	// Finishing is true once every file is done, while the sink finishes
	// the run (near-duplicate links, re-cleaning, merging the index).
	Finishing bool
	// Finished is true in the final report.
	Finished bool
}

// Fraction is the share of bytes done, 0..1.
func (p Progress) Fraction() float64 {
	if p.TotalBytes <= 0 {
		if p.Finished {
			return 1
		}
		return 0
	}
	f := float64(p.Bytes) / float64(p.TotalBytes)
	if f > 1 {
		f = 1
	}
	return f
}

// Rate is files per second.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Done) / p.Elapsed.Seconds()
}

// ETA estimates the time left from the byte rate so far; 0 when unknown.
func (p Progress) ETA() time.Duration {
	if p.Walking || p.Bytes == 0 || p.TotalBytes <= p.Bytes {
		return 0
	}
	perByte := float64(p.Elapsed) / float64(p.Bytes)
	return time.Duration(perByte * float64(p.TotalBytes-p.Bytes)).Round(time.Second)
}

// Counters are the live, atomically updated counters of one import. The
// importer writes them; an updater reads them.
type Counters struct {
	total, totalBytes, done, imported, articles, skipped, failed, bytes atomic.Int64
	walking, finishing                                                  atomic.Bool
	start                                                               atomic.Int64
	seq                                                                 atomic.Int64 // jobs sent, numbering them
}

// Snapshot reads the counters.
func (c *Counters) Snapshot() Progress {
	var el time.Duration
	if s := c.start.Load(); s != 0 {
		el = time.Since(time.Unix(0, s))
	}
	return Progress{
		Total: c.total.Load(), TotalBytes: c.totalBytes.Load(), Done: c.done.Load(),
		Imported: c.imported.Load(), Articles: c.articles.Load(), Skipped: c.skipped.Load(),
		Failed: c.failed.Load(), Bytes: c.bytes.Load(), Elapsed: el, Walking: c.walking.Load(),
		Finishing: c.finishing.Load(),
	}
}

// Updater calls report every interval with the latest counters, from its own
// goroutine, until ctx is done or the returned stop is called; stop reports
// the final state once more (with Finished set) and waits for it. Only one
// report runs at a time, so report may draw directly.
func Updater(ctx context.Context, c *Counters, interval time.Duration, report func(Progress)) (stop func()) {
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				report(c.Snapshot())
			case <-ctx.Done():
				return
			case <-quit:
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
		p := c.Snapshot()
		p.Finished = true
		p.Walking = false
		report(p)
	}
}
