package index

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Co-occurrence network exports for Gephi and other graph tools. Nodes are
// entities (attributes: type, count, docs), edges are pairs (weight = the
// ranking score when positive, else the count; attributes: count, docs,
// pmi, npmi, g2, jaccard). meta (query, corpus, window, measure, ...) goes
// into the file's metadata.

type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	LastModified string `xml:"lastmodifieddate,attr"`
	Creator      string `xml:"creator"`
	Keywords     string `xml:"keywords,omitempty"`
	Description  string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Weight string      `xml:"weight,attr"`
	Label  string      `xml:"label,attr,omitempty"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

// graphNodes returns the distinct entities of pairs in first-seen order.
func graphNodes(pairs []Pair) []EntityStat {
	seen := map[int]bool{}
	var out []EntityStat
	for _, p := range pairs {
		for _, e := range []EntityStat{p.A, p.B} {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func edgeWeight(p Pair) float64 {
	if p.Score > 0 {
		return p.Score
	}
	return float64(p.Count)
}

func fmtFloat(x float64) string { return strconv.FormatFloat(finite(x), 'g', 8, 64) }

func metaLines(meta map[string]string) string {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("Parallax entity co-occurrence network")
	for _, k := range keys {
		fmt.Fprintf(&b, "\n%s: %s", k, meta[k])
	}
	return b.String()
}

var edgeAttrs = []gexfAttr{
	{"count", "count", "integer"}, {"docs", "docs", "integer"}, {"pmi", "pmi", "double"},
	{"npmi", "npmi", "double"}, {"g2", "g2", "double"}, {"jaccard", "jaccard", "double"},
}

func edgeValues(p Pair) []string {
	return []string{strconv.Itoa(p.Count), strconv.Itoa(p.Docs), fmtFloat(p.PMI), fmtFloat(p.NPMI), fmtFloat(p.G2), fmtFloat(p.Jaccard)}
}

// WriteGEXF writes pairs as an undirected GEXF 1.3 graph.
func WriteGEXF(w io.Writer, pairs []Pair, meta map[string]string) error {
	g := gexfDoc{XMLNS: "http://gexf.net/1.3", Version: "1.3",
		Meta: gexfMeta{LastModified: time.Now().UTC().Format("2006-01-02"), Creator: "Parallax",
			Keywords: meta["query"], Description: metaLines(meta)},
		Graph: gexfGraph{DefaultEdgeType: "undirected", Mode: "static",
			Attributes: []gexfAttributes{
				{Class: "node", Attrs: []gexfAttr{{"type", "type", "string"}, {"count", "count", "integer"}, {"docs", "docs", "integer"}}},
				{Class: "edge", Attrs: edgeAttrs},
			}}}
	for _, n := range graphNodes(pairs) {
		g.Graph.Nodes = append(g.Graph.Nodes, gexfNode{ID: strconv.Itoa(n.ID), Label: n.Name, Values: []gexfValue{
			{"type", n.Type}, {"count", strconv.Itoa(n.Count)}, {"docs", strconv.Itoa(n.Docs)}}})
	}
	for i, p := range pairs {
		e := gexfEdge{ID: strconv.Itoa(i), Source: strconv.Itoa(p.A.ID), Target: strconv.Itoa(p.B.ID), Weight: fmtFloat(edgeWeight(p))}
		for j, v := range edgeValues(p) {
			e.Values = append(e.Values, gexfValue{edgeAttrs[j].ID, v})
		}
		g.Graph.Edges = append(g.Graph.Edges, e)
	}
	return writeXML(w, g)
}

type graphmlDoc struct {
	XMLName xml.Name     `xml:"graphml"`
	XMLNS   string       `xml:"xmlns,attr"`
	Keys    []graphmlKey `xml:"key"`
	Graph   graphmlGraph `xml:"graph"`
}

type graphmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Data        []graphmlData `xml:"data"`
	Nodes       []graphmlNode `xml:"node"`
	Edges       []graphmlEdge `xml:"edge"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

// WriteGraphML writes pairs as an undirected GraphML graph; meta entries
// become graph-level data keys.
func WriteGraphML(w io.Writer, pairs []Pair, meta map[string]string) error {
	g := graphmlDoc{XMLNS: "http://graphml.graphdrawing.org/xmlns", Graph: graphmlGraph{ID: "parallax", EdgeDefault: "undirected"}}
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		id := "g_" + k
		g.Keys = append(g.Keys, graphmlKey{id, "graph", k, "string"})
		g.Graph.Data = append(g.Graph.Data, graphmlData{id, meta[k]})
	}
	g.Keys = append(g.Keys,
		graphmlKey{"label", "node", "label", "string"}, graphmlKey{"type", "node", "type", "string"},
		graphmlKey{"count", "node", "count", "int"}, graphmlKey{"docs", "node", "docs", "int"},
		graphmlKey{"weight", "edge", "weight", "double"})
	for _, a := range edgeAttrs {
		t := "double"
		if a.Type == "integer" {
			t = "int"
		}
		g.Keys = append(g.Keys, graphmlKey{"e_" + a.ID, "edge", a.Title, t})
	}
	for _, n := range graphNodes(pairs) {
		g.Graph.Nodes = append(g.Graph.Nodes, graphmlNode{ID: "n" + strconv.Itoa(n.ID), Data: []graphmlData{
			{"label", n.Name}, {"type", n.Type}, {"count", strconv.Itoa(n.Count)}, {"docs", strconv.Itoa(n.Docs)}}})
	}
	for i, p := range pairs {
		e := graphmlEdge{ID: "e" + strconv.Itoa(i), Source: "n" + strconv.Itoa(p.A.ID), Target: "n" + strconv.Itoa(p.B.ID),
			Data: []graphmlData{{"weight", fmtFloat(edgeWeight(p))}}}
		for j, v := range edgeValues(p) {
			e.Data = append(e.Data, graphmlData{"e_" + edgeAttrs[j].ID, v})
		}
		g.Graph.Edges = append(g.Graph.Edges, e)
	}
	return writeXML(w, g)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
