package app

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// writeCompareHTML writes a comparison as one self-contained HTML file:
// inline CSS, no scripts or external resources, the same colours as the
// Compare screen (shared/paraphrased backgrounds, passage stripes, outlet
// colours), so it can be mailed or printed to PDF from a browser.
func writeCompareHTML(w io.Writer, v *cmpView) error {
	return writeCompareHTMLAt(w, v, time.Now())
}

// writeCompareHTMLAt is writeCompareHTML with the report's time given.
func writeCompareHTMLAt(w io.Writer, v *cmpView, now time.Time) error {
	type sent struct {
		Text, Class, Title string
		Passage            bool
	}
	type col struct {
		Outlet, Colour, Title, Date string
		Words, N                    int
		Sentences                   []sent
		Framing                     []string
		Quotes                      []cmpQuote
	}
	type ent struct {
		Name, Type, Colour string
		Counts             []int
	}
	type group struct {
		Title string
		List  []ent
	}
	type passage struct {
		Text  string
		Words int
		Where string
	}
	data := struct {
		Title      string
		Generated  string
		Similarity string
		Columns    []col
		Groups     []group
		Passages   []passage
		Outlets    []string
		Span       int
	}{
		Span:       len(v.Articles) + 2,
		Generated:  now.UTC().Format("2 January 2006 15:04 UTC"),
		Similarity: fmt.Sprintf("%.2f", v.Similarity),
	}
	var titles []string
	for ai, a := range v.Articles {
		c := outletColour(ai)
		cl := col{Outlet: a.Outlet, Colour: fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B), Title: a.Title, Words: a.Words, N: len(a.Sentences)}
		if !a.Published.IsZero() {
			cl.Date = a.Published.Format("2 Jan 2006")
		}
		for k, sen := range a.Sentences {
			cls := sen.Label
			if cls != labelShared && cls != labelParaphrased {
				cls = labelUnique
			}
			var m []string
			for _, r := range sen.Matches {
				if r.Article < len(v.Articles) {
					m = append(m, fmt.Sprintf("%s #%d (%.2f)", v.Articles[r.Article].Outlet, r.Sentence+1, r.Score))
				}
			}
			title := fmt.Sprintf("#%d %s", k+1, cls)
			if len(m) > 0 {
				title += " — matches " + strings.Join(m, ", ")
			}
			cl.Sentences = append(cl.Sentences, sent{Text: sen.Text, Class: cls, Title: title, Passage: sentenceInPassage(v.Passages, ai, sen)})
		}
		for _, t := range a.Framing {
			cl.Framing = append(cl.Framing, fmt.Sprintf("%s (z %.1f)", t.Term, t.Z))
		}
		cl.Quotes = a.Quotes
		data.Columns = append(data.Columns, cl)
		data.Outlets = append(data.Outlets, a.Outlet)
		titles = append(titles, a.Outlet)
	}
	data.Title = "Comparison: " + strings.Join(titles, " · ")
	for _, g := range []struct {
		t string
		l []cmpEntity
	}{{"In all articles", v.Entities.InAll}, {"In some", v.Entities.InSome}, {"In one only", v.Entities.InOne}} {
		gr := group{Title: g.t}
		for _, e := range g.l {
			c := entityTypeColour(e.Type)
			gr.List = append(gr.List, ent{Name: e.Name, Type: e.Type, Colour: fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B), Counts: e.Counts})
		}
		data.Groups = append(data.Groups, gr)
	}
	for _, p := range v.Passages {
		var where []string
		for _, sp := range p.Spans {
			if sp.Article < len(v.Articles) {
				where = append(where, v.Articles[sp.Article].Outlet)
			}
		}
		data.Passages = append(data.Passages, passage{Text: p.Text, Words: p.Words, Where: strings.Join(where, ", ")})
	}
	return compareReport.Execute(w, data)
}

var compareReport = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:20px;margin:0 0 4px}
.meta{color:#57606a;font-size:13px;margin-bottom:12px}
.legend span{display:inline-block;margin-right:14px;font-size:13px}
.sw{display:inline-block;width:12px;height:12px;border:1px solid #999;vertical-align:middle;margin-right:4px}
.cols{display:grid;grid-template-columns:repeat({{len .Columns}},1fr);gap:16px;margin-top:12px}
.col h2{font-size:15px;margin:0}
.outlet{font-weight:700;font-size:14px}
.hd{border-bottom:1px solid #d0d7de;padding-bottom:6px;margin-bottom:6px;min-height:90px}
.s{padding:3px 6px;margin:2px 0;border-radius:3px;border-left:4px solid transparent;font-size:14px;line-height:1.45}
.shared{background:rgba(34,197,94,.28)}
.paraphrased{background:rgba(245,158,11,.28)}
.unique{background:transparent}
.passage{border-left-color:#8b5cf6}
.panels{display:grid;grid-template-columns:1fr 1fr;gap:24px;margin-top:24px}
table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px}
blockquote{margin:4px 0 4px 8px;padding-left:8px;border-left:3px solid #d0d7de;font-size:13px}
</style></head><body>
<h1>{{.Title}}</h1>
<div class="meta">Parallax comparison · similarity {{.Similarity}} · generated {{.Generated}}</div>
<div class="legend"><span><i class="sw shared"></i>shared</span><span><i class="sw paraphrased"></i>paraphrased</span><span><i class="sw"></i>unique</span><span><i class="sw" style="background:#8b5cf6"></i>shared passage (8+ words)</span></div>
<div class="cols">{{range .Columns}}
<div class="col"><div class="hd"><div class="outlet" style="color:{{.Colour}}">{{.Outlet}}</div><h2>{{.Title}}</h2>
<div class="meta">{{if .Date}}{{.Date}} · {{end}}{{.Words}} words · {{.N}} sentences</div></div>
{{range .Sentences}}<div class="s {{.Class}}{{if .Passage}} passage{{end}}" title="{{.Title}}">{{.Text}}</div>
{{end}}</div>{{end}}
</div>
<div class="panels">
<div><h2>Entities</h2>{{$outlets := .Outlets}}
<table><tr><th>Entity</th><th>Type</th>{{range $outlets}}<th>{{.}}</th>{{end}}</tr>
{{range .Groups}}<tr><th colspan="{{$.Span}}">{{.Title}}</th></tr>
{{range .List}}<tr><td><span class="dot" style="background:{{.Colour}}"></span>{{.Name}}</td><td>{{.Type}}</td>{{range .Counts}}<td>{{.}}</td>{{end}}</tr>
{{end}}{{end}}</table>
<h2>Shared passages</h2>{{if not .Passages}}<p>None of 8 or more words.</p>{{end}}
{{range .Passages}}<blockquote>“{{.Text}}” — {{.Words}} words, in {{.Where}}</blockquote>
{{end}}</div>
<div><h2>Framing terms</h2>{{range .Columns}}<p><b style="color:{{.Colour}}">{{.Outlet}}</b>: {{range $i, $t := .Framing}}{{if $i}}, {{end}}{{$t}}{{end}}</p>{{end}}
<h2>Quotes</h2>{{range .Columns}}<p><b style="color:{{.Colour}}">{{.Outlet}}</b></p>{{range .Quotes}}<blockquote><b>{{if .Speaker}}{{.Speaker}}{{else}}unattributed{{end}}</b>: “{{.Text}}”</blockquote>{{end}}{{end}}
</div></div>
</body></html>
`))
