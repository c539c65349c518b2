package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// jobs runs the UI's long work (imports, exports) off the UI goroutine, one
// at a time, with one progress updater: a ticker at 10 Hz reads the job's
// atomic counters and draws them through fyne.Do on the status bar and on
// whoever else listens (the import sheet).
type jobs struct {
	u      *UI
	bar    *widget.ProgressBar
	label  *widget.Label
	cancel *widget.Button

	// listener gets every progress report on the UI goroutine.
	listener func(corpus.Progress)

	mu     sync.Mutex
	stop   context.CancelFunc
	active bool
	what   string
	wg     sync.WaitGroup
}

func newJobs(u *UI) *jobs {
	j := &jobs{u: u, bar: widget.NewProgressBar(), label: widget.NewLabel("")}
	j.cancel = widget.NewButton("Cancel", j.onCancel)
	j.bar.Hide()
	j.cancel.Hide()
	return j
}

// start runs work in the background. Progress is read from counters every
// 100 ms and drawn through fyne.Do; done runs on the UI goroutine with the
// final state. It reports false when another job is running.
func (j *jobs) start(what string, work func(ctx context.Context, c *corpus.Counters) (corpus.Progress, error), done func(corpus.Progress, error)) bool {
	j.mu.Lock()
	if j.active {
		j.mu.Unlock()
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	j.active, j.stop, j.what = true, cancel, what
	j.wg.Add(1)
	j.mu.Unlock()

	j.bar.SetValue(0)
	j.bar.Show()
	j.cancel.Show()
	j.label.SetText(what + "…")
	counters := new(corpus.Counters)
	stopUpdates := corpus.Updater(ctx, counters, 100*time.Millisecond, func(p corpus.Progress) {
		j.u.do(func() { j.show(p) })
	})
	go func() {
		p, err := work(ctx, counters)
		stopUpdates()
		j.wg.Done() // the corpus is no longer written to
		p.Finished = true
		cancel()
		j.u.do(func() {
			j.mu.Lock()
			j.active, j.stop = false, nil
			j.mu.Unlock()
			j.show(p)
			j.bar.Hide()
			j.cancel.Hide()
			j.label.SetText("")
			done(p, err)
		})
	}()
	return true
}

// show draws one progress report (UI goroutine).
func (j *jobs) show(p corpus.Progress) {
	if p.Finished {
		j.bar.SetValue(1)
	} else {
		j.bar.SetValue(p.Fraction())
	}
	j.label.SetText(j.what + ": " + progressLine(p))
	if j.listener != nil {
		j.listener(p)
	}
}

// progressLine is "412 of 1,200 files · 35 files/s · about 0:21 left".
func progressLine(p corpus.Progress) string {
	s := fmt.Sprintf("%s of %s files", thousands(int(p.Done)), thousands(int(p.Total)))
	if p.Walking {
		s += " (still counting)"
	}
	if r := p.Rate(); r > 0 {
		s += fmt.Sprintf(" · %.0f files/s", r)
	}
	if p.Finishing && !p.Finished {
		return s + " · finishing: links, boilerplate, merging the index…"
	}
	if eta := p.ETA(); eta > 0 && !p.Finished {
		s += " · about " + clock(eta) + " left"
	}
	return s
}

// clock formats a duration as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (j *jobs) onCancel() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.stop != nil {
		j.stop()
	}
}

// busy reports whether a job is running.
func (j *jobs) busy() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.active
}

// wait blocks until the running job's goroutine has returned (at exit).
func (j *jobs) wait() { j.wg.Wait() }

// screenMu serialises the updates that background work posts to the UI. The
// desktop driver runs fyne.Do callbacks one at a time on the UI goroutine
// anyway (the lock is then never contended); Fyne's headless test driver
// runs them on the posting goroutine, where this keeps them from racing.
var screenMu sync.Mutex

// do runs f on the UI goroutine (fyne.Do), one update at a time, unless
// the window has been shut down meanwhile.
func (u *UI) do(f func()) {
	fyne.Do(func() {
		screenMu.Lock()
		defer screenMu.Unlock()
		if !u.closed {
			f()
		}
	})
}

// latestRun keeps a screen's background queries in order: starting a run
// cancels the one before, and a result is shown only while its run is
// still the latest (older results arriving late are dropped).
type latestRun struct {
	mu     sync.Mutex
	gen    int
	cancel context.CancelFunc
}

// begin starts a run: it cancels the previous one and returns the new
// run's context and number.
func (l *latestRun) begin() (context.Context, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		l.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.gen++
	l.cancel = cancel
	return ctx, l.gen
}

// latest is the number of the latest run, for work that joins it (paging).
func (l *latestRun) latest() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen
}

// current reports whether run gen is still the latest.
func (l *latestRun) current(gen int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return gen == l.gen
}
