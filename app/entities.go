package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// Co-occurrence measures offered by the measure select.
var entityMeasures = []string{"npmi", "pmi", "g2", "jaccard", "count"}

// entitiesScreen is the entity network (canvas), the entity and pair
// tables, the alias editor, the outlet A vs B networks, and the evidence
// panel that a tapped node or edge fills.
type entitiesScreen struct {
	u *UI
	c entityCorpus

	query    *widget.Entry
	types    *widget.CheckGroup
	outlet   *widget.Select
	from, to *widget.Entry
	minCount *widget.Entry
	measure  *widget.Select
	window   *widget.Select
	topN     *widget.Select
	perNode  *widget.Select // strongest links kept per node in the drawing
	status   *widget.Label

	net      *networkView
	runner   *layoutRunner
	entTable *widget.Table
	pairTbl  *widget.Table
	tabs     *container.AppTabs

	side      *widget.RichText // title, summary and the tappable article or evidence list
	sideTitle string
	sideLinks int // number of article links shown (tests)

	outletA, outletB *widget.Select
	netA, netB       *networkView
	titleA, titleB   *widget.Label
	abStatus         *widget.Label

	entities []entityRow
	pairs    []pairRow
	nodes    []graphNode
	edges    []graphEdge
	edgePair []int // edges[i] came from pairs[edgePair[i]]
	pos      []vec2
	chosen   map[string]bool // entity names ticked in the table (alias editor)
	entSort  int
	pairSort int
	filter   entityFilter

	// evidence holds the rows last shown in the side panel (tests read it).
	evidence []evidenceRow
	articles []articleRef
	// layoutDone is set when the current graph's layout has converged.
	layoutDone bool

	// openArticle opens an article at a byte range of its body.
	openArticle func(id string, start, end int)
	// Seed makes the layout reproducible.
	seed int64
	// stale is set when the corpus or the followed query changed.
	stale bool
	// filters are the main query's facet filters (followQuery).
	filters []index.Filter

	mu  sync.Mutex
	gen int
}

func newEntitiesScreen(u *UI, c entityCorpus) *entitiesScreen {
	s := &entitiesScreen{u: u, c: c, chosen: map[string]bool{}, entSort: 2, pairSort: 4, seed: 1, stale: true}
	s.openArticle = func(id string, start, end int) { showArticleAt(u, c, id, start, end) }
	s.query = widget.NewEntry()
	s.query.SetPlaceHolder("Entities in articles matching… (empty: whole corpus)")
	s.query.OnSubmitted = func(string) { s.apply() }
	s.types = widget.NewCheckGroup([]string{"PER", "ORG", "LOC", "MISC"}, nil)
	s.types.Horizontal = true
	s.types.Selected = []string{"PER", "ORG", "LOC", "MISC"}
	s.types.OnChanged = func([]string) { s.apply() }
	s.outlet = widget.NewSelect([]string{storyAllOutlets}, func(string) { s.apply() })
	s.outlet.Selected = storyAllOutlets
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("from YYYY-MM-DD")
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("to YYYY-MM-DD")
	s.minCount = widget.NewEntry()
	s.minCount.SetText("2")
	s.measure = widget.NewSelect(entityMeasures, func(string) { s.apply() })
	s.measure.Selected = "npmi"
	s.window = widget.NewSelect([]string{"doc", "sentence"}, func(string) { s.apply() })
	s.window.Selected = "doc"
	s.topN = widget.NewSelect([]string{"50", "100", "200", "300"}, func(string) { s.apply() })
	s.topN.Selected = "100"
	s.perNode = widget.NewSelect([]string{"3", "5", "10", "all"}, func(string) { s.onPerNode() })
	s.perNode.Selected = "5"
	s.status = widget.NewLabel("")

	s.net = newNetworkView()
	s.net.OnTapNode = s.onTapNode
	s.net.OnTapEdge = s.onTapEdge
	s.net.OnTapEmpty = func() {
		s.showSide(entitiesHint, "", nil)
	}
	s.net.OnDragNode = s.onDragNode

	s.entTable = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.entities), 6 },
		func() fyne.CanvasObject {
			ch := widget.NewCheck("", nil)
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewStack(ch, l)
		},
		s.updateEntityCell)
	s.entTable.ShowHeaderColumn = false
	s.entTable.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	s.entTable.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		heads := []string{"", "Entity", "Mentions", "Articles", "Type", "Outlets"}
		b := o.(*widget.Button)
		b.SetText(sortHead(heads[id.Col], id.Col == s.entSort && id.Col > 1))
		col := id.Col
		b.OnTapped = func() {
			if col >= 1 {
				s.entSort = col
				s.sortEntities()
			}
		}
	}
	for i, w := range []float32{36, 240, 90, 90, 70, 320} {
		s.entTable.SetColumnWidth(i, w)
	}
	s.entTable.OnSelected = func(id widget.TableCellID) {
		if id.Row < len(s.entities) && id.Col > 0 {
			s.focusEntity(s.entities[id.Row].Name)
		}
	}
	s.pairTbl = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.pairs), 8 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		s.updatePairCell)
	s.pairTbl.ShowHeaderColumn = false
	s.pairTbl.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	s.pairTbl.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		heads := []string{"Entity A", "Entity B", "Count", "Articles", "NPMI", "PMI", "G²", "Jaccard"}
		b := o.(*widget.Button)
		b.SetText(sortHead(heads[id.Col], id.Col == s.pairSort))
		col := id.Col
		b.OnTapped = func() {
			s.pairSort = col
			s.sortPairs()
		}
	}
	for i, w := range []float32{190, 190, 70, 80, 70, 70, 80, 80} {
		s.pairTbl.SetColumnWidth(i, w)
	}
	s.pairTbl.OnSelected = func(id widget.TableCellID) {
		if id.Row < len(s.pairs) {
			p := s.pairs[id.Row]
			s.showEvidence(p.A.Name, p.B.Name)
		}
	}

	s.side = widget.NewRichText()
	s.side.Wrapping = fyne.TextWrapWord
	s.showSide(entitiesHint, "", nil)

	s.outletA = widget.NewSelect(nil, nil)
	s.outletB = widget.NewSelect(nil, nil)
	s.netA, s.netB = newNetworkView(), newNetworkView()
	s.titleA, s.titleB = widget.NewLabel(""), widget.NewLabel("")
	s.titleA.TextStyle.Bold, s.titleB.TextStyle.Bold = true, true
	s.titleA.Alignment, s.titleB.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	s.abStatus = widget.NewLabel("Pick two outlets to compare their networks for the current query.")
	s.abStatus.Wrapping = fyne.TextWrapWord
	return s
}

func sortHead(name string, active bool) string {
	if active {
		return name + " ▼"
	}
	return name
}

func (s *entitiesScreen) build() fyne.CanvasObject {
	filters := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.outlet,
			fixedWidthBox(130, s.from), fixedWidthBox(130, s.to),
			widget.NewLabel("min"), fixedWidthBox(50, s.minCount),
			widget.NewButtonWithIcon("Apply", theme.SearchIcon(), s.apply)), s.query),
		container.NewHBox(s.types, widget.NewLabel("measure"), s.measure, widget.NewLabel("window"), s.window,
			widget.NewLabel("nodes"), s.topN),
	)
	exports := container.NewHBox(
		widget.NewButtonWithIcon("Fit", theme.ZoomFitIcon(), func() { s.net.fitView() }),
		widget.NewButton("PNG…", func() { s.onExport("png") }),
		widget.NewButton("GEXF…", func() { s.onExport("gexf") }),
		widget.NewButton("GraphML…", func() { s.onExport("graphml") }),
		widget.NewButton("CSV…", func() { s.onExport("csv") }),
		widget.NewLabel("links per node"), s.perNode,
	)
	aliases := container.NewHBox(
		widget.NewButton("Merge ticked…", s.onMerge),
		widget.NewButton("Rename…", s.onRename),
		widget.NewButton("Split", s.onSplit),
		widget.NewButton("Ignore", func() { s.onIgnore(true) }),
		widget.NewButton("Unignore…", s.onUnignore),
	)
	ab := container.NewBorder(
		container.NewVBox(container.NewHBox(widget.NewLabel("Outlet A"), s.outletA, widget.NewLabel("Outlet B"), s.outletB,
			widget.NewButton("Compare networks", s.onCompareOutlets)), s.abStatus),
		nil, nil, nil, container.NewGridWithColumns(2,
			container.NewBorder(s.titleA, nil, nil, nil, s.netA),
			container.NewBorder(s.titleB, nil, nil, nil, s.netB)))
	s.tabs = container.NewAppTabs(
		container.NewTabItem("Network", container.NewBorder(nil, exports, nil, nil, s.net)),
		container.NewTabItem("Entities", container.NewBorder(nil, aliases, nil, nil, s.entTable)),
		container.NewTabItem("Pairs", s.pairTbl),
		container.NewTabItem("Outlet A vs B", ab),
	)
	side := container.NewVScroll(s.side)
	split := container.NewHSplit(s.tabs, side)
	split.SetOffset(0.72)
	return container.NewBorder(container.NewVBox(filters, s.status), nil, nil, nil, split)
}

// onShown reloads the network when the screen is shown and the corpus or
// the query changed since.
func (s *entitiesScreen) onShown() {
	if s.stale {
		s.apply()
	}
}

// invalidate marks the network out of date (import, corpus switch, alias
// change elsewhere); it is rebuilt when the screen is next shown.
func (s *entitiesScreen) invalidate() { s.stale = true }

// followQuery makes the entity views follow the main query: its text goes
// into the query box and its facet filters apply too.
func (s *entitiesScreen) followQuery(q index.Query) {
	if s.query.Text == q.Text && len(s.filters) == len(q.Filters) {
		same := true
		for i := range q.Filters {
			same = same && s.filters[i] == q.Filters[i]
		}
		if same {
			return
		}
	}
	s.query.SetText(q.Text)
	s.filters = append([]index.Filter(nil), q.Filters...)
	s.stale = true
}

// currentFilter reads the filter widgets.
func (s *entitiesScreen) currentFilter() entityFilter {
	f := entityFilter{
		Query:            strings.TrimSpace(s.query.Text),
		Filters:          s.filters,
		Types:            append([]string(nil), s.types.Selected...),
		Window:           s.window.Selected,
		Measure:          s.measure.Selected,
		EvidenceLimit:    50,
		ArticleListLimit: 50,
	}
	if o := s.outlet.Selected; o != "" && o != storyAllOutlets {
		f.Outlets = []string{o}
	}
	f.From, _ = time.Parse("2006-01-02", strings.TrimSpace(s.from.Text))
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(s.to.Text)); err == nil {
		f.To = t.AddDate(0, 0, 1) // the To day is included: [From, To)
	}
	f.MinCount, _ = strconv.Atoi(strings.TrimSpace(s.minCount.Text))
	f.Top, _ = strconv.Atoi(s.topN.Selected)
	if f.Top <= 0 {
		f.Top = 100
	}
	f.PairTop = 2000
	return f
}

// apply reloads entities and pairs for the filters, off the UI goroutine.
func (s *entitiesScreen) apply() {
	if s.status == nil || s.net == nil {
		return // still constructing
	}
	f := s.currentFilter()
	s.stale = false
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.status.SetText("Counting entities…")
	go func() {
		ctx := context.Background()
		ents, err := s.c.entityList(ctx, f)
		var pairs []pairRow
		if err == nil {
			pairs, err = s.c.pairList(ctx, f)
		}
		outlets := s.c.outletNames()
		part2Do(func() {
			if !s.current(gen) {
				return
			}
			if err != nil {
				s.status.SetText(oneLineP2(err.Error()))
				return
			}
			s.setOutlets(outlets)
			s.setData(f, ents, pairs, gen)
		})
	}()
}

func (s *entitiesScreen) current(gen int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return gen == s.gen
}

func (s *entitiesScreen) setOutlets(outlets []string) {
	o := append([]string(nil), outlets...)
	sort.Strings(o)
	s.outlet.Options = append([]string{storyAllOutlets}, o...)
	s.outlet.Refresh()
	s.outletA.Options, s.outletB.Options = o, o
	if s.outletA.Selected == "" && len(o) > 0 {
		s.outletA.Selected = o[0]
	}
	if s.outletB.Selected == "" && len(o) > 1 {
		s.outletB.Selected = o[1]
	}
	s.outletA.Refresh()
	s.outletB.Refresh()
}

// entityKey identifies an entity across entity and pair lists.
func entityKey(e entityRow) string { return e.Type + "\x00" + e.Name }

// pairMeasure is the value of the chosen measure for a pair.
func pairMeasure(p pairRow, measure string) float64 {
	switch measure {
	case "count":
		return float64(p.Count)
	case "pmi":
		return p.PMI
	case "g2":
		return p.G2
	case "jaccard":
		return p.Jaccard
	}
	return p.NPMI
}

// buildGraph turns entities and pairs into nodes and edges: nodes are the
// entities, edges the pairs between two of them, weighted by the chosen
// measure scaled to [0, 1]. With perNode > 0 only each node's perNode
// strongest links are drawn (an edge stays when it is among the strongest of
// either end): a corpus where everything co-occurs with everything otherwise
// draws a hairball that shows nothing. The pair table keeps every pair.
func buildGraph(ents []entityRow, pairs []pairRow, measure string, perNode int) (nodes []graphNode, edges []graphEdge, edgePair []int) {
	index := map[string]int{}
	for _, e := range ents {
		k := entityKey(e)
		if _, dup := index[k]; dup {
			continue
		}
		index[k] = len(nodes)
		nodes = append(nodes, graphNode{Name: e.Name, Type: e.Type, Count: e.Count})
	}
	for pi, p := range pairs {
		a, okA := index[entityKey(p.A)]
		b, okB := index[entityKey(p.B)]
		if !okA || !okB || a == b {
			continue
		}
		edges = append(edges, graphEdge{A: a, B: b, Weight: pairMeasure(p, measure)})
		edgePair = append(edgePair, pi)
	}
	if perNode > 0 {
		edges, edgePair = strongestPerNode(len(nodes), edges, edgePair, perNode)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, e := range edges {
		lo, hi = math.Min(lo, e.Weight), math.Max(hi, e.Weight)
	}
	for i := range edges {
		if hi > lo {
			edges[i].Weight = (edges[i].Weight - lo) / (hi - lo)
		} else {
			edges[i].Weight = 0.5
		}
	}
	return nodes, edges, edgePair
}

// strongestPerNode keeps the edges that are among the k heaviest of at least
// one of their ends (ties broken by the earlier edge), in their input order.
func strongestPerNode(n int, edges []graphEdge, edgePair []int, k int) ([]graphEdge, []int) {
	byNode := make([][]int, n)
	for i, e := range edges {
		byNode[e.A] = append(byNode[e.A], i)
		byNode[e.B] = append(byNode[e.B], i)
	}
	keep := make([]bool, len(edges))
	for _, list := range byNode {
		sort.SliceStable(list, func(a, b int) bool { return edges[list[a]].Weight > edges[list[b]].Weight })
		for j := 0; j < len(list) && j < k; j++ {
			keep[list[j]] = true
		}
	}
	var ke []graphEdge
	var kp []int
	for i, e := range edges {
		if keep[i] {
			ke = append(ke, e)
			kp = append(kp, edgePair[i])
		}
	}
	return ke, kp
}

// linksPerNode is the chosen cap on drawn links per node (0: all).
func (s *entitiesScreen) linksPerNode() int {
	k, err := strconv.Atoi(s.perNode.Selected)
	if err != nil {
		return 0
	}
	return k
}

// onPerNode redraws the current graph with another cap on links per node,
// without querying again.
func (s *entitiesScreen) onPerNode() {
	if s.nodes == nil && s.entities == nil {
		return
	}
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	s.setData(s.filter, s.entities, s.pairs, gen)
}

// setData shows a new graph and starts its layout (UI goroutine).
func (s *entitiesScreen) setData(f entityFilter, ents []entityRow, pairs []pairRow, gen int) {
	s.filter = f
	s.entities, s.pairs = ents, pairs
	s.nodes, s.edges, s.edgePair = buildGraph(ents, pairs, f.Measure, s.linksPerNode())
	s.sortEntities()
	s.sortPairs()
	if s.runner != nil {
		s.runner.stop()
	}
	le := make([]layoutEdge, len(s.edges))
	for i, e := range s.edges {
		le[i] = layoutEdge{A: e.A, B: e.B, W: 0.5 + e.Weight}
	}
	l := newForceLayout(len(s.nodes), le, s.seed)
	s.pos = append([]vec2(nil), l.pos...)
	s.net.setGraph(s.nodes, s.edges, s.pos)
	s.layoutDone = false
	s.runner = newLayoutRunner(l, func(pos []vec2, done bool) {
		part2Do(func() {
			if !s.current(gen) || len(pos) != len(s.nodes) {
				return
			}
			s.pos = pos
			s.layoutDone = done
			s.net.setPositions(pos)
		})
	})
	s.runner.start()
	if len(ents) == 0 {
		s.status.SetText("No entities in the selected articles: import articles, or loosen the query, types, dates or minimum count.")
	} else {
		s.status.SetText(fmt.Sprintf("%d entities · %d pairs · %d edges drawn (edge width: %s, %s window)",
			len(ents), len(pairs), len(s.edges), f.Measure, f.Window))
	}
	s.showSide(entitiesHint, "", nil)
}

func (s *entitiesScreen) sortEntities() {
	col := s.entSort
	sort.SliceStable(s.entities, func(i, j int) bool {
		a, b := s.entities[i], s.entities[j]
		switch col {
		case 1:
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		case 3:
			if a.Docs != b.Docs {
				return a.Docs > b.Docs
			}
		case 4:
			if a.Type != b.Type {
				return a.Type < b.Type
			}
		case 5:
			if len(a.ByOutlet) != len(b.ByOutlet) {
				return len(a.ByOutlet) > len(b.ByOutlet)
			}
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Name < b.Name
	})
	s.entTable.Refresh()
}

func (s *entitiesScreen) sortPairs() {
	col := s.pairSort
	key := func(p pairRow) float64 {
		switch col {
		case 2:
			return float64(p.Count)
		case 3:
			return float64(p.Docs)
		case 4:
			return p.NPMI
		case 5:
			return p.PMI
		case 6:
			return p.G2
		case 7:
			return p.Jaccard
		}
		return 0
	}
	sort.SliceStable(s.pairs, func(i, j int) bool {
		a, b := s.pairs[i], s.pairs[j]
		switch col {
		case 0:
			return strings.ToLower(a.A.Name) < strings.ToLower(b.A.Name)
		case 1:
			return strings.ToLower(a.B.Name) < strings.ToLower(b.B.Name)
		}
		if ka, kb := key(a), key(b); ka != kb {
			return ka > kb
		}
		return a.A.Name+a.B.Name < b.A.Name+b.B.Name
	})
	// Sorting the pairs moved them: rebuild the edge → pair index.
	if len(s.edges) > 0 {
		s.remapEdges()
	}
	s.pairTbl.Refresh()
}

// remapEdges rebuilds edgePair against the current pair order, keeping
// the drawn edges (their node indices do not change).
func (s *entitiesScreen) remapEdges() {
	idx := map[[2]int]int{}
	names := map[string]int{}
	for i, n := range s.nodes {
		names[n.Type+"\x00"+n.Name] = i
	}
	for pi, p := range s.pairs {
		a, okA := names[entityKey(p.A)]
		b, okB := names[entityKey(p.B)]
		if okA && okB {
			idx[[2]int{a, b}] = pi
			idx[[2]int{b, a}] = pi
		}
	}
	s.edgePair = make([]int, len(s.edges))
	for i, e := range s.edges {
		s.edgePair[i] = idx[[2]int{e.A, e.B}]
	}
}

func (s *entitiesScreen) updateEntityCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	ch, l := box.Objects[0].(*widget.Check), box.Objects[1].(*widget.Label)
	if id.Row >= len(s.entities) {
		return
	}
	e := s.entities[id.Row]
	if id.Col == 0 {
		l.Hide()
		ch.Show()
		name := e.Name
		ch.OnChanged = nil
		ch.SetChecked(s.chosen[name])
		ch.OnChanged = func(on bool) {
			if on {
				s.chosen[name] = true
			} else {
				delete(s.chosen, name)
			}
		}
		return
	}
	ch.Hide()
	l.Show()
	switch id.Col {
	case 1:
		l.SetText(e.Name)
	case 2:
		l.SetText(strconv.Itoa(e.Count))
	case 3:
		l.SetText(strconv.Itoa(e.Docs))
	case 4:
		l.SetText(e.Type)
	case 5:
		l.SetText(byOutletText(e.ByOutlet))
	}
}

// byOutletText lists mention counts per outlet, largest first.
func byOutletText(m map[string]int) string {
	type oc struct {
		o string
		n int
	}
	var list []oc
	for o, n := range m {
		list = append(list, oc{o, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].o < list[j].o
	})
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = fmt.Sprintf("%s %d", x.o, x.n)
	}
	return strings.Join(parts, ", ")
}

func (s *entitiesScreen) updatePairCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(s.pairs) {
		return
	}
	p := s.pairs[id.Row]
	switch id.Col {
	case 0:
		l.SetText(p.A.Name)
	case 1:
		l.SetText(p.B.Name)
	case 2:
		l.SetText(strconv.Itoa(p.Count))
	case 3:
		l.SetText(strconv.Itoa(p.Docs))
	case 4:
		l.SetText(fmt.Sprintf("%.3f", p.NPMI))
	case 5:
		l.SetText(fmt.Sprintf("%.2f", p.PMI))
	case 6:
		l.SetText(fmt.Sprintf("%.1f", p.G2))
	case 7:
		l.SetText(fmt.Sprintf("%.3f", p.Jaccard))
	}
}

// focusEntity selects name's node in the network and shows its panel.
func (s *entitiesScreen) focusEntity(name string) {
	for i, n := range s.nodes {
		if n.Name == name {
			s.net.selectNode(i)
			s.onTapNode(i)
			return
		}
	}
}

// onTapNode shows node i's ego network (strongest partners) and articles.
func (s *entitiesScreen) onTapNode(i int) {
	if i < 0 || i >= len(s.nodes) {
		return
	}
	n := s.nodes[i]
	var ent entityRow
	for _, e := range s.entities {
		if e.Name == n.Name && e.Type == n.Type {
			ent = e
		}
	}
	type partner struct {
		name string
		w    float64
		pi   int
	}
	// Every partner in the pair list, not only the drawn links.
	var ps []partner
	for k, p := range s.pairs {
		var other entityRow
		switch {
		case p.A.Name == n.Name && p.A.Type == n.Type:
			other = p.B
		case p.B.Name == n.Name && p.B.Type == n.Type:
			other = p.A
		default:
			continue
		}
		ps = append(ps, partner{other.Name, pairMeasure(p, s.filter.Measure), k})
	}
	sort.Slice(ps, func(a, b int) bool {
		if ps[a].w != ps[b].w {
			return ps[a].w > ps[b].w
		}
		return ps[a].name < ps[b].name
	})
	var names []string
	for k, p := range ps {
		if k == 12 {
			names = append(names, fmt.Sprintf("and %d more", len(ps)-12))
			break
		}
		names = append(names, p.name)
	}
	info := fmt.Sprintf("%s · %d mentions in %d articles · %d partners", n.Type, n.Count, ent.Docs, len(ps))
	if len(names) > 0 {
		info += ": " + strings.Join(names, ", ")
	}
	s.showSide(n.Name, info+"\nLoading articles…", nil)
	f := s.filter
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	if ent.Name == "" {
		ent = entityRow{Name: n.Name, Type: n.Type, Count: n.Count}
	}
	go func() {
		refs, err := s.c.entityArticles(context.Background(), ent, f)
		part2Do(func() {
			if !s.current(gen) || s.net.selected != i {
				return
			}
			if err != nil {
				s.showSide(n.Name, info+"\n"+oneLineP2(err.Error()), nil)
				return
			}
			s.articles = refs
			var rows []widget.RichTextSegment
			for _, r := range refs {
				id := r.ID
				meta := r.Outlet
				if !r.Published.IsZero() {
					meta = r.Published.Format("2 Jan 2006") + " · " + meta
				}
				// The link comes first and short (Fyne does not wrap
				// hyperlink text); the block text after it ends the line.
				rows = append(rows,
					&widget.HyperlinkSegment{Text: "Open", OnTapped: func() {
						if s.openArticle != nil {
							s.openArticle(id, -1, -1)
						}
					}},
					&widget.TextSegment{Text: "  " + meta + " · " + r.Title, Style: widget.RichTextStyleParagraph})
			}
			s.showSide(n.Name, fmt.Sprintf("%s\n%d articles:", info, len(refs)), rows)
		})
	}()
}

// onTapEdge shows the evidence sentences of edge i.
func (s *entitiesScreen) onTapEdge(i int) {
	if i < 0 || i >= len(s.edges) {
		return
	}
	e := s.edges[i]
	s.showEvidence(s.nodes[e.A].Name, s.nodes[e.B].Name)
}

// showEvidence lists the sentences where a and b co-occur; each opens the
// article at that sentence.
func (s *entitiesScreen) showEvidence(a, b string) {
	title := a + " — " + b
	var info string
	for _, p := range s.pairs {
		if (p.A.Name == a && p.B.Name == b) || (p.A.Name == b && p.B.Name == a) {
			info = fmt.Sprintf("together %d times in %d articles · NPMI %.3f · PMI %.2f · G² %.1f · Jaccard %.3f",
				p.Count, p.Docs, p.NPMI, p.PMI, p.G2, p.Jaccard)
		}
	}
	s.showSide(title, info+"\nLoading evidence…", nil)
	f := s.filter
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	go func() {
		ev, err := s.c.evidenceFor(context.Background(), a, b, f)
		part2Do(func() {
			if !s.current(gen) || s.sideTitle != title {
				return
			}
			if err != nil {
				s.showSide(title, info+"\n"+oneLineP2(err.Error()), nil)
				return
			}
			s.evidence = ev
			var rows []widget.RichTextSegment
			italic := widget.RichTextStyleParagraph
			italic.TextStyle.Italic = true
			for _, r := range ev {
				r := r
				meta := r.Outlet
				if !r.Published.IsZero() {
					meta += " · " + r.Published.Format("2 Jan 2006")
				}
				rows = append(rows,
					&widget.HyperlinkSegment{Text: "Open", OnTapped: func() {
						if s.openArticle != nil {
							start, end := r.Start, r.End
							if r.Field != "" && r.Field != "body" {
								start, end = -1, -1
							}
							s.openArticle(r.ArticleID, start, end)
						}
					}},
					&widget.TextSegment{Text: "  " + meta + " · " + r.Title, Style: italic},
					&widget.TextSegment{Text: "“" + r.Sentence + "”", Style: widget.RichTextStyleParagraph},
				)
			}
			s.showSide(title, fmt.Sprintf("%s\n%d evidence sentences:", info, len(ev)), rows)
		})
	}()
}

const entitiesHint = "Tap a node for its ego network and articles, or an edge for the evidence."

// showSide fills the side panel: a title, summary lines and rows (one
// RichText, so long sentences wrap and scroll as one document).
func (s *entitiesScreen) showSide(title, info string, rows []widget.RichTextSegment) {
	s.sideTitle = title
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: title, Style: widget.RichTextStyleSubHeading}}
	for _, line := range strings.Split(strings.TrimSpace(info), "\n") {
		if line != "" {
			segs = append(segs, &widget.TextSegment{Text: line, Style: widget.RichTextStyleParagraph})
		}
	}
	s.sideLinks = 0
	for _, r := range rows {
		if _, ok := r.(*widget.HyperlinkSegment); ok {
			s.sideLinks++
		}
	}
	s.side.Segments = append(segs, rows...)
	s.side.Refresh()
}

// onDragNode pins a dragged node in the layout; on release the layout
// relaxes around it.
func (s *entitiesScreen) onDragNode(i int, p vec2, end bool) {
	if s.runner == nil {
		return
	}
	s.runner.pin(i, p)
	if i < len(s.pos) {
		s.pos[i] = p
	}
	if end {
		s.runner.nudge()
	}
}

// ticked are the entity names ticked in the table, sorted by mentions.
func (s *entitiesScreen) ticked() []string {
	var out []string
	for _, e := range s.entities {
		if s.chosen[e.Name] {
			out = append(out, e.Name)
		}
	}
	return out
}

// runAlias applies an alias change off the UI goroutine, then reloads.
func (s *entitiesScreen) runAlias(what string, op func() error) {
	s.status.SetText(what + "…")
	go func() {
		err := op()
		part2Do(func() {
			if err != nil {
				s.status.SetText(what + ": " + oneLineP2(err.Error()))
				if w := part2Window(s.u); w != nil {
					dialog.ShowError(err, w)
				}
				return
			}
			s.chosen = map[string]bool{}
			s.apply()
		})
	}()
}

// merge folds names into into (alias editor).
func (s *entitiesScreen) merge(into string, names []string) {
	var rest []string
	for _, n := range names {
		if n != into {
			rest = append(rest, n)
		}
	}
	if into == "" || len(rest) == 0 {
		return
	}
	s.runAlias("Merging into "+into, func() error { return s.c.mergeEntities(into, rest...) })
}

func (s *entitiesScreen) onMerge() {
	names := s.ticked()
	if len(names) < 2 {
		s.status.SetText("Tick two or more entities in the table to merge them.")
		return
	}
	w := part2Window(s.u)
	if w == nil {
		s.merge(names[0], names)
		return
	}
	sel := widget.NewSelectEntry(names)
	sel.SetText(names[0])
	dialog.ShowForm("Merge entities", "Merge", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Keep the name", sel)},
		func(ok bool) {
			if ok {
				s.merge(strings.TrimSpace(sel.Text), names)
			}
		}, w)
}

func (s *entitiesScreen) onRename() {
	names := s.ticked()
	if len(names) != 1 {
		s.status.SetText("Tick one entity to rename it.")
		return
	}
	w := part2Window(s.u)
	if w == nil {
		return
	}
	e := widget.NewEntry()
	e.SetText(names[0])
	dialog.ShowForm("Rename "+names[0], "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("New name", e)}, func(ok bool) {
		if nn := strings.TrimSpace(e.Text); ok && nn != "" && nn != names[0] {
			s.runAlias("Renaming "+names[0], func() error { return s.c.renameEntity(names[0], nn) })
		}
	}, w)
}

func (s *entitiesScreen) onSplit() {
	names := s.ticked()
	if len(names) == 0 {
		s.status.SetText("Tick the merged entities to split back into their aliases.")
		return
	}
	s.runAlias("Splitting", func() error {
		for _, n := range names {
			if err := s.c.splitEntity(n); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *entitiesScreen) onIgnore(ignore bool) {
	names := s.ticked()
	if len(names) == 0 {
		s.status.SetText("Tick the entities to ignore.")
		return
	}
	s.runAlias("Ignoring", func() error {
		for _, n := range names {
			if err := s.c.ignoreEntity(n, ignore); err != nil {
				return err
			}
		}
		return nil
	})
}

// onUnignore asks for the name of an ignored entity to show again (ignored
// entities are not listed, so they cannot be ticked).
func (s *entitiesScreen) onUnignore() {
	w := part2Window(s.u)
	if w == nil {
		return
	}
	e := widget.NewEntry()
	e.SetPlaceHolder("entity name")
	dialog.ShowForm("Show an ignored entity again", "Unignore", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, func(ok bool) {
		if name := strings.TrimSpace(e.Text); ok && name != "" {
			s.runAlias("Unignoring "+name, func() error { return s.c.ignoreEntity(name, false) })
		}
	}, w)
}

// onCompareOutlets draws outlet A's and outlet B's networks for the current
// filters side by side, on one shared layout, with edges found in only one
// of them in red.
func (s *entitiesScreen) onCompareOutlets() {
	a, b := s.outletA.Selected, s.outletB.Selected
	if a == "" || b == "" || a == b {
		s.abStatus.SetText("Pick two different outlets.")
		return
	}
	f := s.currentFilter()
	s.abStatus.SetText("Building both networks…")
	seed := s.seed
	go func() {
		ctx := context.Background()
		fa, fb := f, f
		fa.Outlets, fb.Outlets = []string{a}, []string{b}
		var (
			ea, eb []entityRow
			pa, pb []pairRow
			err    error
		)
		if ea, err = s.c.entityList(ctx, fa); err == nil {
			if eb, err = s.c.entityList(ctx, fb); err == nil {
				if pa, err = s.c.pairList(ctx, fa); err == nil {
					pb, err = s.c.pairList(ctx, fb)
				}
			}
		}
		if err != nil {
			part2Do(func() { s.abStatus.SetText(oneLineP2(err.Error())) })
			return
		}
		ab := diffNetworks(ea, eb, pa, pb, f.Measure)
		le := make([]layoutEdge, 0, len(ab.edgesA)+len(ab.edgesB))
		for _, e := range append(append([]graphEdge(nil), ab.edgesA...), ab.edgesB...) {
			le = append(le, layoutEdge{A: e.A, B: e.B, W: 0.5 + e.Weight})
		}
		l := newForceLayout(len(ab.nodesA), le, seed)
		l.run(400)
		pos := l.pos
		part2Do(func() {
			s.netA.setGraph(ab.nodesA, ab.edgesA, pos)
			s.netB.setGraph(ab.nodesB, ab.edgesB, pos)
			s.titleA.SetText(a)
			s.titleB.SetText(b)
			s.abStatus.SetText(fmt.Sprintf("%s: %d edges, %d only here · %s: %d edges, %d only here (red)",
				a, len(ab.edgesA), ab.onlyA, b, len(ab.edgesB), ab.onlyB))
		})
	}()
}

// networkDiff is two networks over one node set.
type networkDiff struct {
	nodesA, nodesB []graphNode
	edgesA, edgesB []graphEdge
	onlyA, onlyB   int
}

// diffNetworks puts both outlets' entities on one node list (sized by each
// outlet's own counts) and marks edges present in only one network.
func diffNetworks(ea, eb []entityRow, pa, pb []pairRow, measure string) networkDiff {
	var d networkDiff
	index := map[string]int{}
	add := func(e entityRow) {
		if _, ok := index[entityKey(e)]; !ok {
			index[entityKey(e)] = len(d.nodesA)
			d.nodesA = append(d.nodesA, graphNode{Name: e.Name, Type: e.Type})
			d.nodesB = append(d.nodesB, graphNode{Name: e.Name, Type: e.Type})
		}
	}
	for _, e := range ea {
		add(e)
		d.nodesA[index[entityKey(e)]].Count = e.Count
	}
	for _, e := range eb {
		add(e)
		d.nodesB[index[entityKey(e)]].Count = e.Count
	}
	edges := func(pairs []pairRow) (map[[2]int]float64, []graphEdge) {
		set := map[[2]int]float64{}
		var out []graphEdge
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range pairs {
			a, okA := index[entityKey(p.A)]
			b, okB := index[entityKey(p.B)]
			if !okA || !okB || a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			v := pairMeasure(p, measure)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			set[[2]int{a, b}] = v
			out = append(out, graphEdge{A: a, B: b, Weight: v})
		}
		for i := range out {
			if hi > lo {
				out[i].Weight = (out[i].Weight - lo) / (hi - lo)
			} else {
				out[i].Weight = 0.5
			}
		}
		return set, out
	}
	setA, listA := edges(pa)
	setB, listB := edges(pb)
	for i, e := range listA {
		if _, ok := setB[[2]int{e.A, e.B}]; !ok {
			listA[i].Only = true
			d.onlyA++
		}
	}
	for i, e := range listB {
		if _, ok := setA[[2]int{e.A, e.B}]; !ok {
			listB[i].Only = true
			d.onlyB++
		}
	}
	d.edgesA, d.edgesB = listA, listB
	return d
}

// onExport saves the network as PNG, GEXF, GraphML or CSV.
func (s *entitiesScreen) onExport(format string) {
	w := part2Window(s.u)
	if w == nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				dialog.ShowError(err, w)
			}
			return
		}
		// Rasterising 2,000 edges takes most of a second: write off the UI goroutine.
		snap := s.snapshot()
		s.status.SetText("Exporting " + format + "…")
		go func() {
			err := snap.write(wc, format)
			if cerr := wc.Close(); err == nil {
				err = cerr
			}
			part2Do(func() {
				if err != nil {
					s.status.SetText("Export failed: " + oneLineP2(err.Error()))
					dialog.ShowError(err, w)
					return
				}
				s.status.SetText("Exported " + wc.URI().Name())
			})
		}()
	}, w)
	d.SetFileName("entities." + format)
	d.Show()
}

// exportTo writes an export to a file path (menu and tests).
func (s *entitiesScreen) exportTo(path, format string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := s.writeExport(f, format); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (s *entitiesScreen) writeExport(w io.Writer, format string) error {
	return s.snapshot().write(w, format)
}

// entityExport is a copy of what an export writes, taken on the UI
// goroutine so the writing can run on another.
type entityExport struct {
	c      entityCorpus
	nodes  []graphNode
	edges  []graphEdge
	pos    []vec2
	pairs  []pairRow
	filter entityFilter
}

func (s *entitiesScreen) snapshot() entityExport {
	return entityExport{c: s.c, nodes: s.nodes, edges: s.edges, pos: append([]vec2(nil), s.pos...),
		pairs: append([]pairRow(nil), s.pairs...), filter: s.filter}
}

func (x entityExport) write(w io.Writer, format string) error {
	switch format {
	case "png":
		return writeNetworkPNG(w, x.nodes, x.edges, x.pos, 1600, 1200)
	case "csv":
		return writePairsCSV(w, x.pairs)
	case "gexf", "graphml":
		meta := map[string]string{"query": x.filter.Query, "measure": x.filter.Measure, "window": x.filter.Window}
		return x.c.writeGraph(w, format, x.pairs, meta)
	}
	return fmt.Errorf("unknown export format %q", format)
}

// writePairsCSV writes one row per pair with every measure.
func writePairsCSV(w io.Writer, pairs []pairRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"entity_a", "type_a", "entity_b", "type_b", "count", "docs", "npmi", "pmi", "g2", "jaccard"})
	for _, p := range pairs {
		cw.Write([]string{p.A.Name, p.A.Type, p.B.Name, p.B.Type, strconv.Itoa(p.Count), strconv.Itoa(p.Docs),
			strconv.FormatFloat(p.NPMI, 'f', 4, 64), strconv.FormatFloat(p.PMI, 'f', 4, 64),
			strconv.FormatFloat(p.G2, 'f', 3, 64), strconv.FormatFloat(p.Jaccard, 'f', 4, 64)})
	}
	cw.Flush()
	return cw.Error()
}
