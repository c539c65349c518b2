package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// reportURLDates measures the URL day estimates (corpus.URLDayModel):
// written-out dates against the published dates of dated articles; serial
// interpolation on a random half of the dated articles with a model made
// of the other half; and, for the labelled undated articles, the estimate
// against the dates of their event's dated members.
func reportURLDates(c *index.Corpus, gold map[string]string, members map[string][]string) error {
	type art struct {
		id, url, outlet string
		day             int32
	}
	var arts []art
	err := c.ForEach(func(a *corpus.Article) error {
		arts = append(arts, art{a.ID, a.URL, a.Outlet, corpus.DayNumber(a.Published)})
		return nil
	})
	if err != nil {
		return err
	}
	half := func(id string) bool {
		h := fnv.New32a()
		h.Write([]byte(id))
		return h.Sum32()%2 == 0
	}
	abs := func(x int32) int32 {
		if x < 0 {
			return -x
		}
		return x
	}
	type tally struct{ n, exact, one, two, far int }
	add := func(t *tally, d int32) {
		t.n++
		switch d = abs(d); {
		case d == 0:
			t.exact++
		case d <= 1:
			t.one++
		case d <= 2:
			t.two++
		default:
			t.far++
		}
	}
	show := func(name string, t tally, of int) {
		if t.n == 0 {
			fmt.Printf("url dates: %s: none (of %d)\n", name, of)
			return
		}
		n := float64(t.n)
		fmt.Printf("url dates: %s: %d of %d; same day %.3f, ±1 %.3f, ±2 %.3f, further %.3f\n",
			name, t.n, of, float64(t.exact)/n, float64(t.exact+t.one)/n, float64(t.exact+t.one+t.two)/n, float64(t.far)/n)
	}
	// Written-out dates on dated articles.
	var written tally
	dated, undated := 0, 0
	for _, a := range arts {
		if a.day == corpus.NoDay {
			undated++
			continue
		}
		dated++
		if d := corpus.URLDay(a.url); d != corpus.NoDay {
			add(&written, d-a.day)
		}
	}
	show("written-out date vs published date (dated articles)", written, dated)
	// Serials: half the dated articles estimate the other half.
	var m corpus.URLDayModel
	for _, a := range arts {
		if a.day != corpus.NoDay && half(a.id) {
			m.Add(a.url, a.day)
		}
	}
	var serial tally
	byOutlet := map[string]*tally{}
	for _, a := range arts {
		if a.day == corpus.NoDay || half(a.id) || corpus.URLDay(a.url) != corpus.NoDay {
			continue
		}
		if d := m.Estimate(a.url); d != corpus.NoDay {
			add(&serial, d-a.day)
			if byOutlet[a.outlet] == nil {
				byOutlet[a.outlet] = &tally{}
			}
			add(byOutlet[a.outlet], d-a.day)
		}
	}
	show("serial interpolation, held-out half of the dated articles", serial, dated/2)
	outs := make([]string, 0, len(byOutlet))
	for o := range byOutlet {
		outs = append(outs, o)
	}
	sort.Slice(outs, func(i, j int) bool { return byOutlet[outs[i]].n > byOutlet[outs[j]].n })
	for _, o := range outs[:min(len(outs), 8)] {
		show("  "+o, *byOutlet[o], 0)
	}
	// The full model on the undated articles.
	var full corpus.URLDayModel
	day := map[string]int32{}
	for _, a := range arts {
		day[a.id] = a.day
		if a.day != corpus.NoDay {
			full.Add(a.url, a.day)
		}
	}
	est := 0
	var labelled tally
	labelledUndated := 0
	for _, a := range arts {
		if a.day != corpus.NoDay {
			continue
		}
		d := full.Estimate(a.url)
		if d != corpus.NoDay {
			est++
		}
		ev, ok := gold[a.id]
		if !ok {
			continue
		}
		labelledUndated++
		if d == corpus.NoDay {
			continue
		}
		// Distance to the nearest dated event-mate.
		best := int32(-1)
		for _, o := range members[ev] {
			if od := day[o]; o != a.id && od != corpus.NoDay && (best < 0 || abs(od-d) < best) {
				best = abs(od - d)
			}
		}
		if best >= 0 {
			add(&labelled, best)
		}
	}
	fmt.Printf("url dates: %d of %d undated articles get an estimate\n", est, undated)
	show("labelled undated articles, nearest dated event member", labelled, labelledUndated)

	// Content estimates (the day an undated article's most similar dated
	// articles cluster on), raw and smoothed along URL serial numbers.
	ctx := context.Background()
	type ua struct {
		id     string
		seq    string
		serial uint64
		est    int32
	}
	var us []ua
	for _, a := range arts {
		if a.day != corpus.NoDay {
			continue
		}
		d, fromURL, err := c.EstimatedDay(ctx, a.id)
		if err != nil {
			return err
		}
		if fromURL {
			continue
		}
		seq, serial, _ := corpus.URLSerial(a.url)
		us = append(us, ua{a.id, seq, serial, d})
	}
	nearest := func(id string, d int32) int32 {
		best := int32(-1)
		for _, o := range members[gold[id]] {
			if od := day[o]; o != id && od != corpus.NoDay && (best < 0 || abs(od-d) < best) {
				best = abs(od - d)
			}
		}
		return best
	}
	var raw, rawSer tally
	for _, u := range us {
		if _, ok := gold[u.id]; !ok || u.est == corpus.NoDay {
			continue
		}
		if b := nearest(u.id, u.est); b >= 0 {
			add(&raw, b)
			if u.serial != 0 {
				add(&rawSer, b)
			}
		}
	}
	show("content estimate, labelled undated articles", raw, labelledUndated)
	show("content estimate, labelled undated articles with a URL serial", rawSer, labelledUndated)
	bySeq := map[string][]ua{}
	for _, u := range us {
		if u.serial != 0 {
			bySeq[u.seq] = append(bySeq[u.seq], u)
		}
	}
	for _, win := range []int{2, 3, 5} {
		for _, agree := range []int32{1, 2, 3} {
			var sm tally
			given := 0
			for _, list := range bySeq {
				sort.Slice(list, func(i, j int) bool { return list[i].serial < list[j].serial })
				for i, u := range list {
					var ests []int32
					for j := max(0, i-win); j <= min(len(list)-1, i+win); j++ {
						if list[j].est != corpus.NoDay {
							ests = append(ests, list[j].est)
						}
					}
					if len(ests) < win+1 {
						continue
					}
					sort.Slice(ests, func(a, b int) bool { return ests[a] < ests[b] })
					med := ests[len(ests)/2]
					// Agreement: most of the window within ±agree of the median.
					in := 0
					for _, e := range ests {
						if abs(e-med) <= agree {
							in++
						}
					}
					if 2*in <= len(ests) {
						continue
					}
					given++
					if _, ok := gold[u.id]; !ok {
						continue
					}
					if b := nearest(u.id, med); b >= 0 {
						add(&sm, b)
					}
				}
			}
			show(fmt.Sprintf("serial-smoothed content estimate (±%d neighbours, agreeing within %d days; %d undated articles get one), labelled", win, agree, given), sm, labelledUndated)
		}
	}
	return nil
}
