package app

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// graphNode is one entity drawn in the network.
type graphNode struct {
	Name, Type string
	Count      int
}

// graphEdge joins nodes A and B. Weight in [0, 1] sets the stroke width
// (the chosen measure, normalised); Only marks an edge present in one of
// two compared networks.
type graphEdge struct {
	A, B   int
	Weight float64
	Only   bool
}

// entityTypeColour is the fill for an entity type: mid-saturation hues
// that read on both the light and the dark theme.
func entityTypeColour(typ string) color.NRGBA {
	switch typ {
	case "PER":
		return color.NRGBA{R: 0x3b, G: 0x82, B: 0xf6, A: 0xff} // blue
	case "ORG":
		return color.NRGBA{R: 0xf5, G: 0x9e, B: 0x0b, A: 0xff} // amber
	case "LOC":
		return color.NRGBA{R: 0x10, G: 0xb9, B: 0x81, A: 0xff} // green
	default:
		return color.NRGBA{R: 0xa8, G: 0x55, B: 0xf7, A: 0xff} // violet (MISC)
	}
}

var (
	netOnlyColour = color.NRGBA{R: 0xef, G: 0x44, B: 0x44, A: 0xff}
	netSelColour  = color.NRGBA{R: 0xe1, G: 0x1d, B: 0x48, A: 0xff}
)

// networkLabels is how many of the largest nodes carry a name.
const networkLabels = 40

// networkView draws a graph with canvas primitives: one canvas.Line per
// edge, one canvas.Circle per node and a canvas.Text for the largest nodes.
// The objects are created once per graph and then only moved; each refresh
// touches only the objects whose geometry or colour changed. It pans on a
// background drag, zooms on the scroll wheel, drags a node (reported
// through OnDragNode so the layout can pin it), and reports taps on a node
// or an edge. All methods run on the UI goroutine.
type networkView struct {
	widget.BaseWidget

	nodes []graphNode
	edges []graphEdge
	pos   []vec2
	radii []float32

	scale  float32
	offset fyne.Position // screen position of layout origin, relative to centre
	fit    bool          // follow the layout's bounds until the user pans or zooms

	selected     int // node, or -1
	selectedEdge int // edge, or -1
	ego          []bool
	labelled     []bool

	dragNode int // node being dragged, -1 for a pan, -2 when not dragging
	hover    int // node under the mouse (its name is shown), or -1

	OnTapNode  func(i int)
	OnTapEdge  func(i int)
	OnTapEmpty func()
	OnDragNode func(i int, p vec2, end bool)
}

func newNetworkView() *networkView {
	n := &networkView{scale: 1, fit: true, selected: -1, selectedEdge: -1, dragNode: -2, hover: -1}
	n.ExtendBaseWidget(n)
	return n
}

// setGraph replaces the graph; pos are layout positions (len(nodes)).
func (n *networkView) setGraph(nodes []graphNode, edges []graphEdge, pos []vec2) {
	n.nodes, n.edges = nodes, edges
	n.pos = append([]vec2(nil), pos...)
	for len(n.pos) < len(nodes) {
		n.pos = append(n.pos, vec2{})
	}
	n.selected, n.selectedEdge, n.ego, n.hover = -1, -1, nil, -1
	maxCount := 1
	for _, nd := range nodes {
		maxCount = max(maxCount, nd.Count)
	}
	n.radii = make([]float32, len(nodes))
	for i, nd := range nodes {
		n.radii[i] = float32(4 + 14*math.Sqrt(float64(nd.Count)/float64(maxCount)))
	}
	n.labelled = topLabelled(nodes, networkLabels)
	n.fit = true
	n.Refresh()
}

// topLabelled marks the k most frequent nodes (ties by index).
func topLabelled(nodes []graphNode, k int) []bool {
	out := make([]bool, len(nodes))
	if len(nodes) <= k {
		for i := range out {
			out[i] = true
		}
		return out
	}
	idx := make([]int, len(nodes))
	for i := range idx {
		idx[i] = i
	}
	// Partial selection sort is enough for k = 40.
	for s := 0; s < k; s++ {
		best := s
		for j := s + 1; j < len(idx); j++ {
			if nodes[idx[j]].Count > nodes[idx[best]].Count {
				best = j
			}
		}
		idx[s], idx[best] = idx[best], idx[s]
		out[idx[s]] = true
	}
	return out
}

// setPositions moves the nodes (a layout frame).
func (n *networkView) setPositions(pos []vec2) {
	if len(pos) != len(n.nodes) {
		return
	}
	copy(n.pos, pos)
	n.Refresh()
}

// selectNode highlights node i and its ego network (i = -1 clears).
func (n *networkView) selectNode(i int) {
	n.selected, n.selectedEdge = i, -1
	n.ego = nil
	if i >= 0 && i < len(n.nodes) {
		n.ego = make([]bool, len(n.nodes))
		n.ego[i] = true
		for _, e := range n.edges {
			if e.A == i {
				n.ego[e.B] = true
			} else if e.B == i {
				n.ego[e.A] = true
			}
		}
	}
	n.Refresh()
}

func (n *networkView) selectEdge(i int) {
	n.selected, n.selectedEdge, n.ego = -1, i, nil
	n.Refresh()
}

// fitView frames the whole graph again.
func (n *networkView) fitView() {
	n.fit = true
	n.Refresh()
}

// applyFit sets scale and offset so every node is inside the widget.
func (n *networkView) applyFit(size fyne.Size) {
	if len(n.pos) == 0 || size.Width <= 0 || size.Height <= 0 {
		n.scale, n.offset = 1, fyne.Position{}
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range n.pos {
		minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	w, h := math.Max(maxX-minX, 1), math.Max(maxY-minY, 1)
	margin := 40.0
	sx := (float64(size.Width) - 2*margin - 60) / w // room for the labels on the right
	sy := (float64(size.Height) - 2*margin) / h
	s := math.Max(math.Min(sx, sy), 0.01)
	n.scale = float32(s)
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	n.offset = fyne.NewPos(float32(-cx*s)-30, float32(-cy*s))
}

// toScreen maps a layout point into widget coordinates.
func (n *networkView) toScreen(p vec2) fyne.Position {
	sz := n.Size()
	return fyne.NewPos(sz.Width/2+n.offset.X+float32(p.X)*n.scale, sz.Height/2+n.offset.Y+float32(p.Y)*n.scale)
}

// toLayout maps a widget point into layout space.
func (n *networkView) toLayout(p fyne.Position) vec2 {
	sz := n.Size()
	return vec2{float64((p.X - sz.Width/2 - n.offset.X) / n.scale), float64((p.Y - sz.Height/2 - n.offset.Y) / n.scale)}
}

// nodeAt is the topmost node under p, or -1.
func (n *networkView) nodeAt(p fyne.Position) int {
	best, bestD := -1, float32(math.MaxFloat32)
	for i := range n.nodes {
		c := n.toScreen(n.pos[i])
		dx, dy := c.X-p.X, c.Y-p.Y
		d := dx*dx + dy*dy
		r := n.radii[i] + 3
		if d <= r*r && d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// edgeAt is the edge within 5 px of p, or -1.
func (n *networkView) edgeAt(p fyne.Position) int {
	best, bestD := -1, 5.0
	for i, e := range n.edges {
		a, b := n.toScreen(n.pos[e.A]), n.toScreen(n.pos[e.B])
		d := segmentDistance(float64(p.X), float64(p.Y), float64(a.X), float64(a.Y), float64(b.X), float64(b.Y))
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// segmentDistance is the distance from (px,py) to the segment a–b.
func segmentDistance(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l2))
	}
	qx, qy := ax+t*dx-px, ay+t*dy-py
	return math.Sqrt(qx*qx + qy*qy)
}

// Tapped selects the node or edge under the pointer.
func (n *networkView) Tapped(ev *fyne.PointEvent) {
	if i := n.nodeAt(ev.Position); i >= 0 {
		n.selectNode(i)
		if n.OnTapNode != nil {
			n.OnTapNode(i)
		}
		return
	}
	if i := n.edgeAt(ev.Position); i >= 0 {
		n.selectEdge(i)
		if n.OnTapEdge != nil {
			n.OnTapEdge(i)
		}
		return
	}
	n.selectNode(-1)
	if n.OnTapEmpty != nil {
		n.OnTapEmpty()
	}
}

// Dragged moves the node under the drag's start, or pans the view.
func (n *networkView) Dragged(ev *fyne.DragEvent) {
	if n.dragNode == -2 {
		start := ev.Position.Subtract(ev.Dragged)
		n.dragNode = n.nodeAt(start)
		n.fit = false // the user takes over the view
	}
	if n.dragNode >= 0 {
		p := n.toLayout(ev.Position)
		n.pos[n.dragNode] = p
		if n.OnDragNode != nil {
			n.OnDragNode(n.dragNode, p, false)
		}
	} else {
		n.offset = n.offset.Add(ev.Dragged)
	}
	n.Refresh()
}

// DragEnd finishes a node drag or a pan.
func (n *networkView) DragEnd() {
	if n.dragNode >= 0 && n.OnDragNode != nil {
		n.OnDragNode(n.dragNode, n.pos[n.dragNode], true)
	}
	n.dragNode = -2
}

// MouseIn, MouseMoved and MouseOut show the name and count of the node
// under the pointer (desktop.Hoverable).
func (n *networkView) MouseIn(ev *desktop.MouseEvent) { n.MouseMoved(ev) }

func (n *networkView) MouseMoved(ev *desktop.MouseEvent) {
	if i := n.nodeAt(ev.Position); i != n.hover {
		n.hover = i
		n.Refresh()
	}
}

func (n *networkView) MouseOut() {
	if n.hover >= 0 {
		n.hover = -1
		n.Refresh()
	}
}

// Scrolled zooms around the pointer.
func (n *networkView) Scrolled(ev *fyne.ScrollEvent) {
	n.zoomAt(ev.Position, float32(math.Pow(1.0015, float64(ev.Scrolled.DY))))
}

// zoomAt multiplies the scale by f keeping the layout point under p fixed.
func (n *networkView) zoomAt(p fyne.Position, f float32) {
	if f <= 0 {
		return
	}
	before := n.toLayout(p)
	n.fit = false
	n.scale = float32(math.Max(0.005, math.Min(100, float64(n.scale*f))))
	after := n.toScreen(before)
	n.offset = n.offset.Add(p.Subtract(after))
	n.Refresh()
}

func (n *networkView) MinSize() fyne.Size { return fyne.NewSize(200, 200) }

func (n *networkView) CreateRenderer() fyne.WidgetRenderer {
	r := &networkRenderer{n: n, bg: canvas.NewRectangle(color.Transparent)}
	r.tipBg = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	r.tipBg.CornerRadius = 4
	r.tipBg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.tipBg.StrokeWidth = 1
	r.tip = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.tip.TextStyle.Bold = true
	return r
}

// networkRenderer owns the canvas objects; it rebuilds them only when the
// graph changes and otherwise moves and recolours them in place.
type networkRenderer struct {
	n      *networkView
	bg     *canvas.Rectangle
	lines  []*canvas.Line
	dots   []*canvas.Circle
	labels []*canvas.Text
	texts  []int // node index of each label
	tipBg  *canvas.Rectangle
	tip    *canvas.Text // the hovered node's name
	objs   []fyne.CanvasObject

	graphNodes []graphNode // the graph the objects were built for
	graphEdges []graphEdge
}

func (r *networkRenderer) Destroy() {}

func (r *networkRenderer) MinSize() fyne.Size { return r.n.MinSize() }

func (r *networkRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *networkRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.update(size)
}

func (r *networkRenderer) Refresh() {
	r.update(r.n.Size())
}

// rebuild creates the objects for a new graph.
func (r *networkRenderer) rebuild() {
	n := r.n
	r.lines = make([]*canvas.Line, len(n.edges))
	r.dots = make([]*canvas.Circle, len(n.nodes))
	r.labels, r.texts = nil, nil
	r.objs = make([]fyne.CanvasObject, 0, 1+len(n.edges)+2*len(n.nodes))
	r.objs = append(r.objs, r.bg)
	for i := range n.edges {
		r.lines[i] = canvas.NewLine(color.Transparent)
		r.objs = append(r.objs, r.lines[i])
	}
	for i, nd := range n.nodes {
		r.dots[i] = canvas.NewCircle(entityTypeColour(nd.Type))
		r.dots[i].StrokeWidth = 1
		r.objs = append(r.objs, r.dots[i])
	}
	for i, nd := range n.nodes {
		if n.labelled[i] {
			t := canvas.NewText(nd.Name, theme.Color(theme.ColorNameForeground))
			t.TextSize = 11
			t.Resize(t.MinSize())
			r.labels = append(r.labels, t)
			r.texts = append(r.texts, i)
			r.objs = append(r.objs, t)
		}
	}
	r.objs = append(r.objs, r.tipBg, r.tip)
	r.graphNodes, r.graphEdges = n.nodes, n.edges
}

func sameGraph(a, b []graphNode, c, d []graphEdge) bool {
	return len(a) == len(b) && len(c) == len(d) && (len(a) == 0 || &a[0] == &b[0]) && (len(c) == 0 || &c[0] == &d[0])
}

// update places and colours every object, refreshing only changed ones.
func (r *networkRenderer) update(size fyne.Size) {
	n := r.n
	if !sameGraph(r.graphNodes, n.nodes, r.graphEdges, n.edges) || r.objs == nil {
		r.rebuild()
	}
	if n.fit {
		n.applyFit(size)
	}
	fg := theme.Color(theme.ColorNameForeground)
	fr, fgG, fb, _ := fg.RGBA()
	edgeBase := color.NRGBA{R: uint8(fr >> 8), G: uint8(fgG >> 8), B: uint8(fb >> 8)}
	for i, e := range n.edges {
		l := r.lines[i]
		p1, p2 := n.toScreen(n.pos[e.A]), n.toScreen(n.pos[e.B])
		c := edgeBase
		c.A = uint8(60 + 120*e.Weight)
		w := float32(0.6 + 4*e.Weight)
		switch {
		case i == n.selectedEdge:
			c, w = netSelColour, w+2
		case e.Only:
			c = netOnlyColour
			c.A = 0xe0
		}
		if n.ego != nil && !(e.A == n.selected || e.B == n.selected) {
			c.A /= 5
		}
		changed := l.Position1 != p1 || l.Position2 != p2 || l.StrokeWidth != w || l.StrokeColor != color.Color(c)
		if changed {
			l.Position1, l.Position2, l.StrokeWidth, l.StrokeColor = p1, p2, w, c
			l.Refresh()
		}
	}
	for i, nd := range n.nodes {
		d := r.dots[i]
		c := n.toScreen(n.pos[i])
		rad := n.radii[i]
		p1 := fyne.NewPos(c.X-rad, c.Y-rad)
		p2 := fyne.NewPos(c.X+rad, c.Y+rad)
		fill := entityTypeColour(nd.Type)
		stroke := color.NRGBA{A: 0x60}
		sw := float32(1)
		if n.ego != nil && !n.ego[i] {
			fill.A = 0x40
			stroke.A = 0x10
		}
		if i == n.selected {
			stroke, sw = netSelColour, 3
		}
		if d.Position1 != p1 || d.Position2 != p2 || d.FillColor != color.Color(fill) || d.StrokeColor != color.Color(stroke) || d.StrokeWidth != sw {
			d.Position1, d.Position2 = p1, p2
			d.FillColor, d.StrokeColor, d.StrokeWidth = fill, stroke, sw
			d.Refresh()
		}
	}
	r.updateTip()
	for k, t := range r.labels {
		i := r.texts[k]
		c := n.toScreen(n.pos[i])
		p := fyne.NewPos(c.X+n.radii[i]+2, c.Y-7)
		col := fg
		if n.ego != nil && !n.ego[i] {
			cc := edgeBase
			cc.A = 0x50
			col = cc
		}
		if t.Position() != p || t.Color != col {
			t.Move(p)
			t.Color = col
			t.Refresh()
		}
	}
}

// updateTip places the hover label next to the hovered node.
func (r *networkRenderer) updateTip() {
	n := r.n
	if n.hover < 0 || n.hover >= len(n.nodes) {
		if r.tip.Visible() {
			r.tip.Hide()
			r.tipBg.Hide()
		}
		return
	}
	nd := n.nodes[n.hover]
	r.tip.Text = fmt.Sprintf("%s · %s · %d", nd.Name, nd.Type, nd.Count)
	sz := r.tip.MinSize()
	c := n.toScreen(n.pos[n.hover])
	p := fyne.NewPos(c.X+n.radii[n.hover]+6, c.Y-sz.Height-6)
	r.tip.Move(p)
	r.tip.Resize(sz)
	r.tipBg.Move(p.Subtract(fyne.NewPos(4, 2)))
	r.tipBg.Resize(sz.Add(fyne.NewSize(8, 4)))
	r.tip.Show()
	r.tipBg.Show()
	r.tip.Refresh()
	r.tipBg.Refresh()
}

// writeNetworkPNG rasterises the graph (white background, anti-aliased
// edges and nodes, names of the largest nodes) at w×h pixels.
func writeNetworkPNG(out io.Writer, nodes []graphNode, edges []graphEdge, pos []vec2, w, h int) error {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if len(nodes) > 0 && len(pos) == len(nodes) {
		v := &networkView{pos: pos, nodes: nodes}
		v.Resize(fyne.NewSize(float32(w), float32(h)))
		v.applyFit(fyne.NewSize(float32(w), float32(h)))
		maxCount := 1
		for _, nd := range nodes {
			maxCount = max(maxCount, nd.Count)
		}
		for _, e := range edges {
			a, b := v.toScreen(pos[e.A]), v.toScreen(pos[e.B])
			c := color.NRGBA{R: 0x40, G: 0x40, B: 0x48, A: uint8(70 + 140*e.Weight)}
			if e.Only {
				c = netOnlyColour
			}
			rasterLine(img, float64(a.X), float64(a.Y), float64(b.X), float64(b.Y), 0.6+4*e.Weight, c)
		}
		for i, nd := range nodes {
			c := v.toScreen(pos[i])
			r := 4 + 14*math.Sqrt(float64(nd.Count)/float64(maxCount))
			rasterDisc(img, float64(c.X), float64(c.Y), r+1, color.NRGBA{A: 0x90})
			rasterDisc(img, float64(c.X), float64(c.Y), r, entityTypeColour(nd.Type))
		}
		labelled := topLabelled(nodes, networkLabels)
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.NRGBA{R: 0x11, G: 0x11, B: 0x18, A: 0xff}), Face: basicfont.Face7x13}
		for i, nd := range nodes {
			if !labelled[i] {
				continue
			}
			c := v.toScreen(pos[i])
			r := 4 + 14*math.Sqrt(float64(nd.Count)/float64(maxCount))
			d.Dot = fixed.P(int(float64(c.X)+r+3), int(c.Y)+4)
			d.DrawString(nd.Name)
		}
	}
	return png.Encode(out, img)
}

// blendPixel paints c over img at (x, y) with coverage a in [0, 1].
func blendPixel(img *image.NRGBA, x, y int, c color.NRGBA, a float64) {
	if !(image.Point{x, y}).In(img.Bounds()) || a <= 0 {
		return
	}
	a *= float64(c.A) / 255
	i := img.PixOffset(x, y)
	p := img.Pix[i : i+4 : i+4]
	p[0] = uint8(float64(p[0])*(1-a) + float64(c.R)*a)
	p[1] = uint8(float64(p[1])*(1-a) + float64(c.G)*a)
	p[2] = uint8(float64(p[2])*(1-a) + float64(c.B)*a)
	p[3] = 0xff
}

// rasterDisc fills an anti-aliased disc.
func rasterDisc(img *image.NRGBA, cx, cy, r float64, c color.NRGBA) {
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			blendPixel(img, x, y, c, math.Max(0, math.Min(1, r-d+0.5)))
		}
	}
}

// rasterLine draws an anti-aliased segment of width wd, visiting only the
// pixels near the segment (stepping along its major axis).
func rasterLine(img *image.NRGBA, ax, ay, bx, by, wd float64, c color.NRGBA) {
	h := wd / 2
	dx, dy := bx-ax, by-ay
	length := math.Hypot(dx, dy)
	span := h*math.Sqrt2 + 2
	plot := func(x, y int) {
		d := segmentDistance(float64(x)+0.5, float64(y)+0.5, ax, ay, bx, by)
		blendPixel(img, x, y, c, math.Max(0, math.Min(1, h-d+0.5)))
	}
	bd := img.Bounds()
	if math.Abs(dx) >= math.Abs(dy) {
		lo, hi := max(int(math.Min(ax, bx)-span), bd.Min.X), min(int(math.Max(ax, bx)+span), bd.Max.X-1)
		for x := lo; x <= hi; x++ {
			t := 0.0
			if length > 0 && dx != 0 {
				t = math.Max(0, math.Min(1, (float64(x)+0.5-ax)/dx))
			}
			yc := ay + t*dy
			for y := int(yc - span); y <= int(yc+span); y++ {
				plot(x, y)
			}
		}
		return
	}
	lo, hi := max(int(math.Min(ay, by)-span), bd.Min.Y), min(int(math.Max(ay, by)+span), bd.Max.Y-1)
	for y := lo; y <= hi; y++ {
		t := math.Max(0, math.Min(1, (float64(y)+0.5-ay)/dy))
		xc := ax + t*dx
		for x := int(xc - span); x <= int(xc+span); x++ {
			plot(x, y)
		}
	}
}
