package app

import (
	"context"
	"math"
	"math/rand"
	"sync"
	"time"
)

// vec2 is a point or a displacement in layout space.
type vec2 struct{ X, Y float64 }

// layoutEdge is an undirected edge between node indices A and B; W scales
// its spring (1 is neutral).
type layoutEdge struct {
	A, B int
	W    float64
}

// forceLayout is a force-directed layout in the style of ForceAtlas2:
// every node has a mass of 1 + its degree; nodes repel each other in
// proportion to the product of their masses over their distance (so hubs
// get room), edges pull their ends together linearly in their weight, and
// a "strong gravity" growing with the distance from the centre keeps
// isolated nodes and small components close to the main one. Moves are capped
// by a temperature that cools each step. It is pure and deterministic: the
// same nodes, edges and seed give the same positions on every run. It is
// not safe for concurrent use; layoutRunner drives it off the UI goroutine.
type forceLayout struct {
	pos   []vec2
	disp  []vec2
	fixed []bool
	mass  []float64
	edges []layoutEdge

	k       float64 // length scale: repulsion strength is k²
	temp    float64 // largest move allowed this step
	minTemp float64
	cool    float64 // temp multiplier per step
	gravity float64
	steps   int
}

// forceSide is the side of the square the layout starts in.
const forceSide = 1000.0

func newForceLayout(n int, edges []layoutEdge, seed int64) *forceLayout {
	rng := rand.New(rand.NewSource(seed))
	l := &forceLayout{
		pos:   make([]vec2, n),
		disp:  make([]vec2, n),
		fixed: make([]bool, n),
		mass:  make([]float64, n),
		cool:  0.97,
	}
	for i := range l.pos {
		l.pos[i] = vec2{(rng.Float64() - 0.5) * forceSide, (rng.Float64() - 0.5) * forceSide}
		l.mass[i] = 1
	}
	for _, e := range edges {
		if e.A == e.B || e.A < 0 || e.B < 0 || e.A >= n || e.B >= n {
			continue
		}
		if e.W <= 0 {
			e.W = 1
		}
		l.edges = append(l.edges, e)
		l.mass[e.A]++
		l.mass[e.B]++
	}
	if n > 0 {
		l.k = math.Sqrt(forceSide * forceSide / float64(n))
	} else {
		l.k = forceSide
	}
	l.temp = forceSide / 10
	l.minTemp = l.k / 200
	// Gravity grows linearly with the distance; its strength is set so a
	// node pushed by the whole graph's repulsion settles about forceSide/2
	// from the centre: kr·Σm/d = g·d at d = forceSide/2.
	total := 0.0
	for _, m := range l.mass {
		total += m
	}
	l.gravity = forceGravity * forceRepulsion * l.k * l.k * total / (forceSide * forceSide / 4)
	return l
}

// Force constants, tuned on entity networks of 50–300 nodes.
const (
	forceRepulsion  = 0.08 // × k² m_i m_j / d
	forceAttraction = 1.0  // × w d / k … × k / 10 keeps the units
	forceGravity    = 1.0  // scales the strong gravity (see newForceLayout)
)

// step moves every free node once and cools the layout. It returns the
// largest distance a node moved.
func (l *forceLayout) step() float64 {
	n := len(l.pos)
	if n == 0 {
		return 0
	}
	kr := forceRepulsion * l.k * l.k
	for i := range l.disp {
		l.disp[i] = vec2{}
	}
	// Repulsion between every pair: kr m_i m_j / d.
	for i := 0; i < n; i++ {
		pi, mi := l.pos[i], l.mass[i]
		var dx, dy float64
		for j := i + 1; j < n; j++ {
			ddx := pi.X - l.pos[j].X
			ddy := pi.Y - l.pos[j].Y
			d2 := ddx*ddx + ddy*ddy
			if d2 < 1e-6 {
				// Coincident nodes: push apart along a direction fixed by
				// the indices, so the result stays deterministic.
				a := float64(i*7919+j*104729) * 0.618
				ddx, ddy, d2 = math.Cos(a)*0.01, math.Sin(a)*0.01, 1e-4
			}
			f := kr * mi * l.mass[j] / d2 // (kr m m / d) / d: scales the unnormalised vector
			fx, fy := ddx*f, ddy*f
			dx += fx
			dy += fy
			l.disp[j].X -= fx
			l.disp[j].Y -= fy
		}
		l.disp[i].X += dx
		l.disp[i].Y += dy
	}
	// Attraction along edges: linear in the distance and the weight.
	for _, e := range l.edges {
		ddx := l.pos[e.A].X - l.pos[e.B].X
		ddy := l.pos[e.A].Y - l.pos[e.B].Y
		f := forceAttraction * e.W
		fx, fy := ddx*f, ddy*f
		l.disp[e.A].X -= fx
		l.disp[e.A].Y -= fy
		l.disp[e.B].X += fx
		l.disp[e.B].Y += fy
	}
	// Gravity towards the origin, and the capped move.
	maxMove := 0.0
	for i := range l.pos {
		if l.fixed[i] {
			continue
		}
		p := l.pos[i]
		dx := l.disp[i].X - l.gravity*l.mass[i]*p.X
		dy := l.disp[i].Y - l.gravity*l.mass[i]*p.Y
		d := math.Sqrt(dx*dx + dy*dy)
		if d < 1e-12 {
			continue
		}
		// Heavy nodes move more slowly (they carry many springs).
		m := math.Min(d/math.Sqrt(l.mass[i]), l.temp)
		l.pos[i].X += dx / d * m
		l.pos[i].Y += dy / d * m
		if m > maxMove {
			maxMove = m
		}
	}
	l.temp = math.Max(l.temp*l.cool, l.minTemp)
	l.steps++
	return maxMove
}

// converged reports whether the layout has cooled down and stopped moving.
func (l *forceLayout) converged(lastMove float64) bool {
	return l.temp <= l.minTemp*1.0001 || lastMove < l.minTemp
}

// run steps until converged or max steps; it returns the steps taken.
func (l *forceLayout) run(max int) int {
	for i := 0; i < max; i++ {
		if l.converged(l.step()) {
			return i + 1
		}
	}
	return max
}

// reheat lets the layout move again (after a drag or a graph change).
func (l *forceLayout) reheat(t float64) {
	if t > l.temp {
		l.temp = t
	}
}

// layoutRunner runs a forceLayout on its own goroutine and hands position
// snapshots to frame at most every interval (frame must itself post to the
// UI goroutine, e.g. with fyne.Do). Pins from a node drag go through the
// mutex, so the UI never touches the layout's arrays directly.
type layoutRunner struct {
	mu       sync.Mutex
	l        *forceLayout
	cancel   context.CancelFunc
	running  bool
	interval time.Duration
	maxSteps int
	frame    func(pos []vec2, done bool)
}

func newLayoutRunner(l *forceLayout, frame func(pos []vec2, done bool)) *layoutRunner {
	return &layoutRunner{l: l, frame: frame, interval: 33 * time.Millisecond, maxSteps: 600}
}

// start runs the layout until it converges, maxSteps pass or stop is called.
// It is a no-op while already running.
func (r *layoutRunner) start() {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.running, r.cancel = true, cancel
	r.mu.Unlock()
	go r.loop(ctx)
}

func (r *layoutRunner) loop(ctx context.Context) {
	last := time.Now()
	done := false
	for i := 0; i < r.maxSteps && !done; i++ {
		if ctx.Err() != nil {
			break
		}
		r.mu.Lock()
		done = r.l.converged(r.l.step())
		var snap []vec2
		if done || time.Since(last) >= r.interval {
			snap = append([]vec2(nil), r.l.pos...)
		}
		r.mu.Unlock()
		if snap != nil && !done {
			last = time.Now()
			r.frame(snap, false)
		}
	}
	r.mu.Lock()
	snap := append([]vec2(nil), r.l.pos...)
	r.running = false
	r.cancel = nil
	r.mu.Unlock()
	if ctx.Err() == nil {
		r.frame(snap, true)
	}
}

// stop cancels a running layout.
func (r *layoutRunner) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// pin fixes node i at p (a dragged node); unpin releases it.
func (r *layoutRunner) pin(i int, p vec2) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i >= 0 && i < len(r.l.pos) {
		r.l.pos[i] = p
		r.l.fixed[i] = true
	}
}

func (r *layoutRunner) unpin(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i >= 0 && i < len(r.l.fixed) {
		r.l.fixed[i] = false
	}
}

// nudge reheats the layout a little and starts it again, so neighbours
// follow a dragged node.
func (r *layoutRunner) nudge() {
	r.mu.Lock()
	r.l.reheat(r.l.k / 4)
	r.mu.Unlock()
	r.start()
}

// isRunning reports whether the layout goroutine is active.
func (r *layoutRunner) isRunning() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.running
}
