package app

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// newTestEntities opens the Entities screen on the fake corpus with every
// entity shown, and waits for the layout to settle.
func newTestEntities(t *testing.T) (*entitiesScreen, *fakePart2, fyne.Window) {
	s, f, w, _ := newTestEntitiesOpened(t)
	return s, f, w
}

func newTestEntitiesOpened(t *testing.T) (*entitiesScreen, *fakePart2, fyne.Window, *[]string) {
	t.Helper()
	u, w := part2UI(t, 1200, 760)
	f := newFakePart2()
	s := newEntitiesScreen(u, f)
	var opened []string
	s.openArticle = func(id string, start, end int) { opened = append(opened, id) }
	onUI(func() {
		w.SetContent(s.build())
		s.minCount.SetText("1")
		s.apply()
	})
	waitPart2(t, "the network", func() bool {
		return len(s.nodes) == 8 && s.layoutDone && strings.HasPrefix(s.status.Text, "8 entities")
	})
	return s, f, w, &opened
}

func nodeIndex(s *entitiesScreen, name string) int {
	for i, n := range s.nodes {
		if n.Name == name {
			return i
		}
	}
	return -1
}

func TestEntitiesNetworkTapNodeAndEdge(t *testing.T) {
	s, _, w, openedp := newTestEntitiesOpened(t)
	onUI(func() {
		if len(s.edges) == 0 || len(s.pairs) == 0 {
			t.Fatalf("%d edges from %d pairs", len(s.edges), len(s.pairs))
		}
		if !strings.Contains(s.status.Text, "8 entities") {
			t.Errorf("status %q", s.status.Text)
		}
	})
	test.AssertRendersToMarkup(t, "part2/entities.xml", w.Canvas())

	// Tap the Varga node: its ego network is highlighted and its articles listed.
	var at fyne.Position
	onUI(func() { at = s.net.toScreen(s.pos[nodeIndex(s, "Varga")]) })
	onUI(func() { test.TapAt(s.net, at) })
	waitPart2(t, "Varga's articles", func() bool { return len(s.articles) == 4 && s.sideLinks == 4 })
	onUI(func() {
		if s.sideTitle != "Varga" {
			t.Errorf("side title %q", s.sideTitle)
		}
		if s.net.selected != nodeIndex(s, "Varga") || s.net.ego == nil || !s.net.ego[nodeIndex(s, "Korvana")] {
			t.Error("ego network not highlighted")
		}
		if s.net.ego[nodeIndex(s, "Dresna")] {
			t.Error("Dresna is not Varga's neighbour")
		}
	})

	// Tap the Brennik–Union Council edge at a point away from any node:
	// the evidence list fills, and each entry opens its article.
	var ei int = -1
	onUI(func() {
		a, b := nodeIndex(s, "Brennik"), nodeIndex(s, "Union Council")
		for i, e := range s.edges {
			if (e.A == a && e.B == b) || (e.A == b && e.B == a) {
				ei = i
			}
		}
		if ei < 0 {
			t.Fatal("no Brennik–Union Council edge")
		}
		e := s.edges[ei]
		p1, p2 := s.net.toScreen(s.pos[e.A]), s.net.toScreen(s.pos[e.B])
		found := false
		for k := 1; k < 20 && !found; k++ {
			f := float32(k) / 20
			at = fyne.NewPos(p1.X+(p2.X-p1.X)*f, p1.Y+(p2.Y-p1.Y)*f)
			found = s.net.nodeAt(at) < 0 && s.net.edgeAt(at) == ei
		}
		if !found {
			t.Skip("edge hidden under nodes in this layout")
		}
		test.TapAt(s.net, at)
	})
	waitPart2(t, "the evidence", func() bool { return len(s.evidence) == 2 && s.sideLinks == 2 })
	onUI(func() {
		if s.net.selectedEdge != ei {
			t.Errorf("selected edge %d, want %d", s.net.selectedEdge, ei)
		}
		if !strings.Contains(s.sideTitle, "Brennik") {
			t.Errorf("side title %q", s.sideTitle)
		}
		// Each evidence entry opens its article.
		for _, seg := range s.side.Segments {
			if h, ok := seg.(*widget.HyperlinkSegment); ok {
				h.OnTapped()
			}
		}
		if len(*openedp) != 2 {
			t.Errorf("opened %v", *openedp)
		}
	})
}

func TestEntitiesMergeDropsNodeAndTablesSort(t *testing.T) {
	s, f, _ := newTestEntities(t)
	// Sort the pair table by G², then by count.
	onUI(func() {
		s.pairSort = 6
		s.sortPairs()
		for i := 1; i < len(s.pairs); i++ {
			if s.pairs[i].G2 > s.pairs[i-1].G2 {
				t.Fatalf("pairs not sorted by G²: %v after %v", s.pairs[i].G2, s.pairs[i-1].G2)
			}
		}
		// Edges still point at the right pairs.
		for i, e := range s.edges {
			p := s.pairs[s.edgePair[i]]
			names := s.nodes[e.A].Name + "|" + s.nodes[e.B].Name
			if names != p.A.Name+"|"+p.B.Name && names != p.B.Name+"|"+p.A.Name {
				t.Fatalf("edge %d (%s) maps to pair %s|%s", i, names, p.A.Name, p.B.Name)
			}
		}
		s.entSort = 1
		s.sortEntities()
		if s.entities[0].Name != "Brenik" {
			t.Errorf("first by name: %q", s.entities[0].Name)
		}
	})
	// Tick Brennik (3 articles) and its misspelling (1), merge: one node fewer.
	onUI(func() {
		s.chosen["Brennik"] = true
		s.chosen["Brenik"] = true
		s.merge("Brennik", s.ticked())
	})
	waitPart2(t, "the merged network", func() bool { return len(s.nodes) == 7 && s.layoutDone })
	if f.alias["Brenik"] != "Brennik" {
		t.Errorf("alias not persisted: %v", f.alias)
	}
	onUI(func() {
		i := nodeIndex(s, "Brennik")
		if i < 0 || s.nodes[i].Count != 4 {
			t.Errorf("merged Brennik: %+v", s.nodes)
		}
		if len(s.chosen) != 0 {
			t.Error("ticks survive the merge")
		}
	})
	// Ignore Dresna: another node goes.
	onUI(func() {
		s.chosen["Dresna"] = true
		s.onIgnore(true)
	})
	waitPart2(t, "Dresna ignored", func() bool { return len(s.nodes) == 6 && nodeIndex(s, "Dresna") < 0 })
	// Split Brennik back.
	onUI(func() {
		s.chosen["Brennik"] = true
		s.onSplit()
	})
	waitPart2(t, "Brenik split back out", func() bool { return nodeIndex(s, "Brenik") >= 0 && s.layoutDone })
}

func TestEntitiesOutletNetworksAndExports(t *testing.T) {
	s, _, _ := newTestEntities(t)
	onUI(func() {
		s.outletA.Selected = "Wire Service"
		s.outletB.Selected = "Harbour Times"
		s.onCompareOutlets()
	})
	waitPart2(t, "both outlet networks", func() bool { return len(s.netA.nodes) > 0 && len(s.netB.nodes) == len(s.netA.nodes) })
	onUI(func() {
		var onlyA, onlyB int
		for _, e := range s.netA.edges {
			if e.Only {
				onlyA++
			}
		}
		for _, e := range s.netB.edges {
			if e.Only {
				onlyB++
			}
		}
		// Wire Service: a1 (Korvana, Varga, Brennik, Union Council: 6 pairs) and
		// a4 (Velsport, Dockers Union, Varga: 3). Harbour Times: a3 (Korvana,
		// Brennik, Union Council: 3) and a6 (Dresna, Brenik: 1). Shared: the 3 of a3.
		if onlyA != 6 || onlyB != 1 {
			t.Errorf("edges only in A %d, only in B %d; want 6 and 1 (%s)", onlyA, onlyB, s.abStatus.Text)
		}
	})

	dir := t.TempDir()
	for _, format := range []string{"png", "csv", "gexf", "graphml"} {
		path := filepath.Join(dir, "net."+format)
		var err error
		onUI(func() { err = s.exportTo(path, format) })
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		b, _ := os.ReadFile(path)
		switch format {
		case "png":
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			colours := map[[4]uint32]bool{}
			bd := img.Bounds()
			for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
				for x := bd.Min.X; x < bd.Max.X; x += 3 {
					r, g, b, a := img.At(x, y).RGBA()
					colours[[4]uint32{r, g, b, a}] = true
				}
			}
			if bd.Dx() != 1600 || len(colours) < 20 {
				t.Errorf("png %v with %d colours", bd, len(colours))
			}
		case "csv":
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != len(s.pairs)+1 || !strings.HasPrefix(lines[0], "entity_a,type_a,entity_b") {
				t.Errorf("csv: %d lines, header %q", len(lines), lines[0])
			}
		default:
			if !strings.HasPrefix(string(b), "<"+format) {
				t.Errorf("%s export %q", format, b)
			}
		}
	}
	if err := s.exportTo(filepath.Join(dir, "x"), "svg"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestEntitiesLinksPerNodeRedraws(t *testing.T) {
	s, _, _, _ := newTestEntitiesOpened(t)
	var all, capped int
	onUI(func() {
		s.perNode.SetSelected("all")
		all = len(s.edges)
		s.perNode.SetSelected("3")
		capped = len(s.edges)
	})
	if all != len(s.pairs) && all == 0 {
		t.Fatalf("all links: %d edges from %d pairs", all, len(s.pairs))
	}
	if capped > all || capped == 0 {
		t.Errorf("3 links per node drew %d edges, all links %d", capped, all)
	}
	onUI(func() {
		for i := range s.nodes {
			deg := 0
			for _, e := range s.edges {
				if e.A == i || e.B == i {
					deg++
				}
			}
			if deg == 0 {
				for _, p := range s.pairs {
					if p.A.Name == s.nodes[i].Name || p.B.Name == s.nodes[i].Name {
						t.Errorf("%s has pairs but no drawn link", s.nodes[i].Name)
						break
					}
				}
			}
		}
		if !strings.Contains(s.status.Text, fmt.Sprintf("%d edges drawn", capped)) {
			t.Errorf("status %q", s.status.Text)
		}
	})
}
