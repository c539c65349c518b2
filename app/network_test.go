package app

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func testGraph() ([]graphNode, []graphEdge, []vec2) {
	nodes := []graphNode{{"A", "PER", 10}, {"B", "ORG", 5}, {"C", "LOC", 1}}
	edges := []graphEdge{{A: 0, B: 1, Weight: 1}, {A: 1, B: 2, Weight: 0.2, Only: true}}
	pos := []vec2{{-100, 0}, {100, 0}, {100, 150}}
	return nodes, edges, pos
}

func TestNetworkViewTapDragZoom(t *testing.T) {
	test.NewTempApp(t)
	n := newNetworkView()
	w := test.NewTempWindow(t, n)
	w.Resize(fyne.NewSize(500, 400))
	nodes, edges, pos := testGraph()
	var tappedNode, tappedEdge, empty = -1, -1, 0
	var dragged []string
	n.OnTapNode = func(i int) { tappedNode = i }
	n.OnTapEdge = func(i int) { tappedEdge = i }
	n.OnTapEmpty = func() { empty++ }
	n.OnDragNode = func(i int, p vec2, end bool) { dragged = append(dragged, fmt.Sprint(i, end)) }
	onUI(func() { n.setGraph(nodes, edges, pos); n.Refresh() })

	onUI(func() {
		test.TapAt(n, n.toScreen(pos[1]))
		if tappedNode != 1 || n.selected != 1 || !n.ego[0] || !n.ego[2] {
			t.Errorf("tap node: tapped %d selected %d ego %v", tappedNode, n.selected, n.ego)
		}
		mid := n.toScreen(vec2{0, 0})
		test.TapAt(n, mid)
		if tappedEdge != 0 || n.selectedEdge != 0 || n.selected != -1 {
			t.Errorf("tap edge: tapped %d selected %d", tappedEdge, n.selectedEdge)
		}
		test.TapAt(n, fyne.NewPos(5, 5))
		if empty != 1 || n.selectedEdge != -1 {
			t.Errorf("tap empty: %d", empty)
		}
	})

	// Drag node C by 30 px: it moves and the layout hears about it.
	onUI(func() {
		start := n.toScreen(pos[2])
		n.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: start.Add(fyne.NewPos(30, 0))}, Dragged: fyne.NewDelta(30, 0)})
		n.DragEnd()
		got := n.toScreen(n.pos[2])
		if math.Abs(float64(got.X-start.X-30)) > 0.01 {
			t.Errorf("dragged node at %v, want %v", got, start.Add(fyne.NewPos(30, 0)))
		}
		if len(dragged) != 2 || dragged[1] != "2 true" {
			t.Errorf("drag callbacks %v", dragged)
		}
	})
	// Drag on the background pans; the scroll wheel zooms around the pointer.
	onUI(func() {
		before := n.toScreen(n.pos[0])
		n.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(20, 390)}, Dragged: fyne.NewDelta(0, -10)})
		n.DragEnd()
		after := n.toScreen(n.pos[0])
		if after.Y != before.Y-10 || n.fit {
			t.Errorf("pan moved %v → %v", before, after)
		}
		p := n.toScreen(n.pos[1])
		s0 := n.scale
		n.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: p}, Scrolled: fyne.NewDelta(0, 200)})
		if n.scale <= s0 {
			t.Errorf("scale %v after zooming in from %v", n.scale, s0)
		}
		if q := n.toScreen(n.pos[1]); math.Abs(float64(q.X-p.X)) > 0.01 || math.Abs(float64(q.Y-p.Y)) > 0.01 {
			t.Errorf("zoom moved the point under the pointer: %v → %v", p, q)
		}
	})
	// Hovering a node shows its name.
	onUI(func() {
		n.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: n.toScreen(n.pos[1])}})
		r := test.WidgetRenderer(n).(*networkRenderer)
		if !r.tip.Visible() || r.tip.Text != "B · ORG · 5" {
			t.Errorf("hover tip %q visible %v", r.tip.Text, r.tip.Visible())
		}
	})
	test.AssertRendersToMarkup(t, "part2/network.xml", w.Canvas())
	onUI(func() {
		n.MouseOut()
		if test.WidgetRenderer(n).(*networkRenderer).tip.Visible() {
			t.Error("tip still shown after the mouse left")
		}
	})
}

func TestNetworkViewRefreshesOnlyWhatMoved(t *testing.T) {
	test.NewTempApp(t)
	n := newNetworkView()
	w := test.NewTempWindow(t, n)
	w.Resize(fyne.NewSize(500, 400))
	nodes, edges, pos := testGraph()
	onUI(func() {
		n.setGraph(nodes, edges, pos)
		n.fit = false
	})
	r := test.WidgetRenderer(n).(*networkRenderer)
	objs := len(r.Objects())
	line0 := r.lines[0]
	onUI(func() {
		p := append([]vec2(nil), n.pos...)
		p[2] = vec2{120, 160}
		n.setPositions(p)
	})
	if len(r.Objects()) != objs || r.lines[0] != line0 {
		t.Error("objects recreated on a move")
	}
	if got := n.toScreen(n.pos[2]); r.dots[2].Position1.X != got.X-n.radii[2] {
		t.Errorf("moved dot at %v, node at %v", r.dots[2].Position1, got)
	}
}

func TestSegmentDistance(t *testing.T) {
	tests := []struct {
		p, a, b [2]float64
		want    float64
	}{
		{[2]float64{0, 5}, [2]float64{-10, 0}, [2]float64{10, 0}, 5},
		{[2]float64{20, 0}, [2]float64{-10, 0}, [2]float64{10, 0}, 10},
		{[2]float64{3, 4}, [2]float64{0, 0}, [2]float64{0, 0}, 5},
	}
	for _, tt := range tests {
		if got := segmentDistance(tt.p[0], tt.p[1], tt.a[0], tt.a[1], tt.b[0], tt.b[1]); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("distance %v to %v–%v = %v, want %v", tt.p, tt.a, tt.b, got, tt.want)
		}
	}
}

// bigGraph is 300 nodes and 2,000 edges laid out by the force layout.
func bigGraph() ([]graphNode, []graphEdge, []vec2) {
	le := randomGraph(300, 2000, 1)
	nodes := make([]graphNode, 300)
	types := []string{"PER", "ORG", "LOC", "MISC"}
	for i := range nodes {
		nodes[i] = graphNode{Name: fmt.Sprintf("Entity %d", i), Type: types[i%4], Count: 1 + (i*37)%200}
	}
	edges := make([]graphEdge, len(le))
	for i, e := range le {
		edges[i] = graphEdge{A: e.A, B: e.B, Weight: e.W - 0.5}
	}
	l := newForceLayout(300, le, 1)
	l.run(400)
	return nodes, edges, l.pos
}

// One layout frame on the canvas at 300 nodes / 2,000 edges: every object moves.
func BenchmarkNetworkFrame300x2000(b *testing.B) {
	test.NewTempApp(b)
	n := newNetworkView()
	w := test.NewTempWindow(b, n)
	w.Resize(fyne.NewSize(1200, 800))
	nodes, edges, pos := bigGraph()
	n.setGraph(nodes, edges, pos)
	frames := [2][]vec2{pos, make([]vec2, len(pos))}
	for i, p := range pos {
		frames[1][i] = vec2{p.X + 3, p.Y - 2}
	}
	n.fit = false
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n.setPositions(frames[i%2])
	}
}

func BenchmarkNetworkPNG300x2000(b *testing.B) {
	nodes, edges, pos := bigGraph()
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := writeNetworkPNG(&buf, nodes, edges, pos, 1600, 1200); err != nil {
			b.Fatal(err)
		}
	}
}
