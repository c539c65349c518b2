package app

import (
	"math"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// randomGraph is n nodes and m distinct edges, deterministic for seed.
func randomGraph(n, m int, seed int64) []layoutEdge {
	rng := rand.New(rand.NewSource(seed))
	seen := map[[2]int]bool{}
	var edges []layoutEdge
	for len(edges) < m {
		a, b := rng.Intn(n), rng.Intn(n)
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		edges = append(edges, layoutEdge{A: a, B: b, W: 0.5 + rng.Float64()})
	}
	return edges
}

func TestForceLayoutDeterministic(t *testing.T) {
	edges := randomGraph(60, 150, 3)
	a := newForceLayout(60, edges, 42)
	b := newForceLayout(60, edges, 42)
	a.run(300)
	b.run(300)
	for i := range a.pos {
		if a.pos[i] != b.pos[i] {
			t.Fatalf("node %d: %v vs %v with the same seed", i, a.pos[i], b.pos[i])
		}
	}
	c := newForceLayout(60, edges, 43)
	c.run(300)
	same := true
	for i := range a.pos {
		if a.pos[i] != c.pos[i] {
			same = false
		}
	}
	if same {
		t.Error("a different seed gave the same layout")
	}
}

func TestForceLayoutConverges(t *testing.T) {
	tests := []struct {
		name string
		n, m int
	}{
		{"empty", 0, 0},
		{"single", 1, 0},
		{"pair", 2, 1},
		{"sparse", 50, 60},
		{"dense", 120, 900},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var edges []layoutEdge
			if tt.m > 0 {
				edges = randomGraph(tt.n, tt.m, 7)
			}
			l := newForceLayout(tt.n, edges, 1)
			steps := l.run(1000)
			if steps >= 1000 {
				t.Fatalf("did not converge in %d steps (temp %.3f)", steps, l.temp)
			}
			// After convergence a further step barely moves anything.
			if mv := l.step(); mv > l.k/50+1e-9 {
				t.Errorf("still moving %.3f after convergence (k %.1f)", mv, l.k)
			}
			for i, p := range l.pos {
				if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.Abs(p.X) > 1e5 || math.Abs(p.Y) > 1e5 {
					t.Fatalf("node %d at %v", i, p)
				}
			}
		})
	}
}

// Connected nodes end up closer than unconnected ones on average.
func TestForceLayoutPullsNeighboursTogether(t *testing.T) {
	// Two cliques of 10 joined by one edge.
	var edges []layoutEdge
	for g := 0; g < 2; g++ {
		for i := 0; i < 10; i++ {
			for j := i + 1; j < 10; j++ {
				edges = append(edges, layoutEdge{A: g*10 + i, B: g*10 + j, W: 1})
			}
		}
	}
	edges = append(edges, layoutEdge{A: 0, B: 10, W: 1})
	l := newForceLayout(20, edges, 5)
	l.run(1000)
	dist := func(a, b int) float64 { return math.Hypot(l.pos[a].X-l.pos[b].X, l.pos[a].Y-l.pos[b].Y) }
	var in, out float64
	var nin, nout int
	for a := 0; a < 20; a++ {
		for b := a + 1; b < 20; b++ {
			if a/10 == b/10 {
				in += dist(a, b)
				nin++
			} else {
				out += dist(a, b)
				nout++
			}
		}
	}
	if in/float64(nin) >= out/float64(nout) {
		t.Errorf("mean distance within cliques %.1f, across %.1f", in/float64(nin), out/float64(nout))
	}
}

func TestForceLayoutRunnerFramesAndPin(t *testing.T) {
	edges := randomGraph(80, 200, 9)
	l := newForceLayout(80, edges, 2)
	var mu sync.Mutex
	var frames int
	done := make(chan []vec2, 1)
	r := newLayoutRunner(l, func(pos []vec2, fin bool) {
		mu.Lock()
		frames++
		mu.Unlock()
		if fin {
			done <- pos
		}
	})
	r.interval = 0
	r.pin(0, vec2{123, 456})
	r.start()
	select {
	case pos := <-done:
		if pos[0] != (vec2{123, 456}) {
			t.Errorf("pinned node moved to %v", pos[0])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("layout never finished")
	}
	if r.isRunning() {
		t.Error("still running after the final frame")
	}
	mu.Lock()
	if frames < 2 {
		t.Errorf("%d frames, want intermediate frames too", frames)
	}
	mu.Unlock()
}

func BenchmarkForceLayoutStep300x2000(b *testing.B) {
	edges := randomGraph(300, 2000, 1)
	l := newForceLayout(300, edges, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.step()
		l.reheat(forceSide / 10)
	}
}
