package app

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// jobs runs the UI's long work (imports) off the UI goroutine, one at a
// time, with one progress bar fed by a ticker at about 10 Hz.
type jobs struct {
	bar    *widget.ProgressBar
	cancel *widget.Button

	mu     sync.Mutex
	stop   context.CancelFunc
	active bool
}

func newJobs() *jobs {
	j := &jobs{bar: widget.NewProgressBar()}
	j.cancel = widget.NewButton("Cancel", j.onCancel)
	j.bar.Hide()
	j.cancel.Hide()
	return j
}

// start runs work in the background. Progress is read from counters every
// 100 ms and drawn through fyne.Do; done runs on the UI goroutine with the
// final state. It reports false when another job is running.
func (j *jobs) start(work func(ctx context.Context, c *corpus.Counters) (corpus.Progress, error), done func(corpus.Progress, error)) bool {
	j.mu.Lock()
	if j.active {
		j.mu.Unlock()
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	j.active, j.stop = true, cancel
	j.mu.Unlock()

	j.bar.SetValue(0)
	j.bar.Show()
	j.cancel.Show()
	counters := new(corpus.Counters)
	stopUpdates := corpus.Updater(ctx, counters, 100*time.Millisecond, func(p corpus.Progress) {
		fyne.Do(func() { j.bar.SetValue(p.Fraction()) })
	})
	go func() {
		p, err := work(ctx, counters)
		stopUpdates()
		p.Finished = true
		cancel()
		fyne.Do(func() {
			j.mu.Lock()
			j.active, j.stop = false, nil
			j.mu.Unlock()
			j.bar.SetValue(1)
			j.bar.Hide()
			j.cancel.Hide()
			done(p, err)
		})
	}()
	return true
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
