package corpus

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Thresholds of the per-outlet boilerplate learner.
//
// A line is learned as boilerplate of an outlet when it occurs in at least
// max(BoilerplateMinCount, share × articles of the outlet) of that outlet's
// articles, where share is BoilerplateShortShare for short lines (at most
// BoilerplateShortWords words) and BoilerplateLongShare for longer ones.
//
// Why these numbers (measured on 2,039 articles of 105 outlets in the
// AllSides "stories" sample):
//   - MinCount 5: a line seen in 2–4 articles of a small outlet is as likely a
//     recurring background sentence of a running story as a footer; real
//     footers ("ADVERTISEMENT", "Sign up for Daily Newsletters", the
//     Washington Times copyright line) show up in dozens of articles.
//   - Short lines, share 0.25: outlet furniture is not printed on every page
//     ("CLICK HERE TO GET THE FOX NEWS APP" is in 29% of Fox articles,
//     "Sign up for Daily Newsletters" in 26% of Washington Times articles),
//     while the most repeated short content lines (sub-headings such as
//     "What has the reaction been?") stay below 5%.
//   - Longer lines, share 0.5: a repeated multi-sentence paragraph is more
//     often a standard background paragraph of a running story than a
//     footer, so it needs a clear majority (the Daily Caller News Foundation
//     licence paragraph is in 62% of its articles).
//   - Only paragraphs up to BoilerplateMaxLen bytes are counted or removed:
//     footers are short, and long paragraphs are content even when copied.
//   - The title is never counted nor removed, and neither is a body paragraph
//     equal to the title.
const (
	BoilerplateMinCount   = 5
	BoilerplateShortShare = 0.25
	BoilerplateLongShare  = 0.5
	BoilerplateShortWords = 20
	BoilerplateMaxLen     = 400
)

// Boilerplate learns, per outlet, paragraphs and lines that repeat across
// many articles of that outlet (newsletter pitches, app promotions,
// copyright lines, "ADVERTISEMENT" markers). It is safe for concurrent use.
//
// Paragraphs are compared after normalisation: lower-cased, every run of
// digits replaced by "#" (so "Copyright 2019" and "Copyright 2020" are the
// same line), punctuation and whitespace collapsed.
type Boilerplate struct {
	mu      sync.RWMutex
	outlets map[string]*outletLines // by OutletKey
}

type outletLines struct {
	name     string              // the outlet as first observed
	articles int                 // articles observed
	seen     map[string]struct{} // article ids already observed
	counts   map[uint64]uint32   // normalised-line hash → articles holding it
	samples  map[uint64]string   // the text of lines seen at least twice
}

// NewBoilerplate returns an empty learner.
func NewBoilerplate() *Boilerplate {
	return &Boilerplate{outlets: map[string]*outletLines{}}
}

// boilerplateKey normalises a paragraph for counting and returns its hash;
// ok is false for paragraphs that are never considered (empty, too long, or
// without any letter).
func boilerplateKey(p string) (h uint64, short bool, ok bool) {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > BoilerplateMaxLen {
		return 0, false, false
	}
	// FNV-1a of the normalised text, hashed as it is produced: lower-case
	// letters, "#" for a run of digits, one space between words (a space
	// is only hashed before the next word, so none trails).
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h = offset
	space, digit, letter, pending := true, false, false, false
	words := 0
	var buf [utf8.UTFMax]byte
	for _, r := range p {
		switch {
		case unicode.IsLetter(r):
			if space {
				words++
			}
			if pending {
				h = (h ^ ' ') * prime
				pending = false
			}
			r = unicode.ToLower(r)
			if r < utf8.RuneSelf {
				h = (h ^ uint64(r)) * prime
			} else {
				for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
					h = (h ^ uint64(c)) * prime
				}
			}
			space, digit, letter = false, false, true
		case unicode.IsDigit(r):
			if space {
				words++
			}
			if !digit {
				if pending {
					h = (h ^ ' ') * prime
					pending = false
				}
				h = (h ^ '#') * prime
			}
			space, digit = false, true
		default:
			if !space {
				pending = true
			}
			space, digit = true, false
		}
	}
	if !letter {
		return 0, false, false
	}
	return h, words <= BoilerplateShortWords, true
}

// bpLines returns the units counted for an article: every paragraph
// of the body, and every line of a paragraph that holds several lines.
func bpLines(body string) []string {
	var out []string
	for p := range strings.SplitSeq(body, "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		out = append(out, p)
		if strings.Contains(p, "\n") {
			for l := range strings.SplitSeq(p, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
		}
	}
	return out
}

func (b *Boilerplate) outlet(outlet string, create bool) *outletLines {
	key := OutletKey(outlet)
	o := b.outlets[key]
	if o == nil && create {
		o = &outletLines{name: outlet, seen: map[string]struct{}{}, counts: map[uint64]uint32{}, samples: map[uint64]string{}}
		b.outlets[key] = o
	}
	return o
}

// Observe counts the article's normalised body paragraphs (and the lines of
// multi-line paragraphs) for its outlet, each once per article. An article
// whose ID was already observed for that outlet is not counted again, so
// re-importing a folder does not inflate the counts.
func (b *Boilerplate) Observe(outlet string, a *Article) {
	if a == nil {
		return
	}
	titleKey, _, hasTitle := boilerplateKey(a.Title)
	type line struct {
		h    uint64
		text string
	}
	var lines []line
	done := map[uint64]bool{}
	for _, p := range bpLines(a.Body) {
		h, _, ok := boilerplateKey(p)
		if !ok || done[h] || (hasTitle && h == titleKey) {
			continue
		}
		done[h] = true
		lines = append(lines, line{h, p})
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	o := b.outlet(outlet, true)
	if a.ID != "" {
		if _, dup := o.seen[a.ID]; dup {
			return
		}
		o.seen[a.ID] = struct{}{}
	}
	o.articles++
	if len(o.counts) > boilerplatePruneAt {
		o.prune()
	}
	for _, l := range lines {
		o.counts[l.h]++
		if o.counts[l.h] >= 2 {
			if _, ok := o.samples[l.h]; !ok {
				o.samples[l.h] = l.text
			}
		}
	}
}

// boilerplatePruneAt bounds the memory of an outlet: when it counts more
// distinct lines than this, the lines seen only once are dropped. Almost all
// of them are ordinary content; a real footer (≥ 25% of the outlet's
// articles) has been seen twice long before 32,768 distinct lines (about a
// thousand articles) accumulate, so pruning costs it nothing.
const boilerplatePruneAt = 1 << 15

func (o *outletLines) prune() {
	for h, c := range o.counts {
		if c <= 1 {
			delete(o.counts, h)
		}
	}
}

// learned reports whether a line with this count is boilerplate in o.
func (o *outletLines) learned(count uint32, short bool) bool {
	share := BoilerplateLongShare
	if short {
		share = BoilerplateShortShare
	}
	need := share * float64(o.articles)
	if need < BoilerplateMinCount {
		need = BoilerplateMinCount
	}
	return float64(count) >= need
}

// IsBoilerplate reports whether the paragraph (or line) repeats in at least
// max(BoilerplateMinCount, share × articles of the outlet) articles of the
// outlet; see the threshold constants for the share and the length limit.
func (b *Boilerplate) IsBoilerplate(outlet, paragraph string) bool {
	h, short, ok := boilerplateKey(paragraph)
	if !ok {
		return false
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	o := b.outlet(outlet, false)
	if o == nil {
		return false
	}
	return o.learned(o.counts[h], short)
}

// Apply moves the learned boilerplate paragraphs (and lines of multi-line
// paragraphs) of the article's body to Removed and reports whether it
// changed the article. The title is never touched, nor a paragraph equal to
// it. Running Apply again over already imported articles after more
// articles were observed cleans them with the new evidence.
func (b *Boilerplate) Apply(outlet string, a *Article) bool {
	if a == nil || a.Body == "" {
		return false
	}
	b.mu.RLock()
	o := b.outlet(outlet, false)
	if o == nil {
		b.mu.RUnlock()
		return false
	}
	titleKey, _, hasTitle := boilerplateKey(a.Title)
	isBP := func(p string) bool {
		h, short, ok := boilerplateKey(p)
		return ok && !(hasTitle && h == titleKey) && o.learned(o.counts[h], short)
	}
	changed := false
	var keep []string
	for p := range strings.SplitSeq(a.Body, "\n\n") {
		if strings.TrimSpace(p) == "" {
			keep = append(keep, p)
			continue
		}
		if isBP(p) {
			a.Removed = clAppendUnique(a.Removed, strings.TrimSpace(p))
			changed = true
			continue
		}
		if strings.Contains(p, "\n") {
			var lines []string
			for l := range strings.SplitSeq(p, "\n") {
				if strings.TrimSpace(l) != "" && isBP(l) {
					a.Removed = clAppendUnique(a.Removed, strings.TrimSpace(l))
					changed = true
					continue
				}
				lines = append(lines, l)
			}
			p = strings.Join(lines, "\n")
			if strings.TrimSpace(p) == "" {
				continue
			}
		}
		keep = append(keep, p)
	}
	b.mu.RUnlock()
	if changed {
		a.Body = strings.Join(keep, "\n\n")
	}
	return changed
}

// Outlets returns the learned boilerplate lines per outlet (outlet names as
// first observed), sorted, for audit. Outlets with nothing learned are left
// out.
func (b *Boilerplate) Outlets() map[string][]string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := map[string][]string{}
	for _, o := range b.outlets {
		var lines []string
		for h, text := range o.samples {
			_, short, _ := boilerplateKey(text)
			if o.learned(o.counts[h], short) {
				lines = append(lines, text)
			}
		}
		if len(lines) > 0 {
			slices.Sort(lines)
			out[o.name] = lines
		}
	}
	return out
}

// Articles returns how many articles of the outlet were observed.
func (b *Boilerplate) Articles(outlet string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if o := b.outlet(outlet, false); o != nil {
		return o.articles
	}
	return 0
}

// Binary format (little-endian varints):
//
//	"PXBP" version(1) outlets
//	per outlet: key name articles nSeen {id} nCounts {hash(8 bytes) count} nSamples {hash(8 bytes) text}
//
// Strings are a uvarint length followed by the bytes.
const boilerplateMagic = "PXBP\x01"

// MarshalBinary encodes the learned counts so the index can persist them
// between imports.
func (b *Boilerplate) MarshalBinary() ([]byte, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	buf := []byte(boilerplateMagic)
	keys := make([]string, 0, len(b.outlets))
	for k := range b.outlets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	buf = binary.AppendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		o := b.outlets[k]
		buf = bpAppendString(buf, k)
		buf = bpAppendString(buf, o.name)
		buf = binary.AppendUvarint(buf, uint64(o.articles))
		ids := make([]string, 0, len(o.seen))
		for id := range o.seen {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		buf = binary.AppendUvarint(buf, uint64(len(ids)))
		for _, id := range ids {
			buf = bpAppendString(buf, id)
		}
		hs := make([]uint64, 0, len(o.counts))
		for h := range o.counts {
			hs = append(hs, h)
		}
		slices.Sort(hs)
		buf = binary.AppendUvarint(buf, uint64(len(hs)))
		for _, h := range hs {
			buf = binary.LittleEndian.AppendUint64(buf, h)
			buf = binary.AppendUvarint(buf, uint64(o.counts[h]))
		}
		hs = hs[:0]
		for h := range o.samples {
			hs = append(hs, h)
		}
		slices.Sort(hs)
		buf = binary.AppendUvarint(buf, uint64(len(hs)))
		for _, h := range hs {
			buf = binary.LittleEndian.AppendUint64(buf, h)
			buf = bpAppendString(buf, o.samples[h])
		}
	}
	return buf, nil
}

// ErrBadBoilerplate is returned by UnmarshalBinary for data it cannot decode.
var ErrBadBoilerplate = errors.New("corpus: bad boilerplate data")

// UnmarshalBinary replaces the learner's state with data written by
// MarshalBinary.
func (b *Boilerplate) UnmarshalBinary(data []byte) error {
	if !strings.HasPrefix(string(data[:min(len(data), len(boilerplateMagic))]), boilerplateMagic) {
		return ErrBadBoilerplate
	}
	d := bpDecoder{buf: data[len(boilerplateMagic):]}
	n := d.count()
	outlets := make(map[string]*outletLines, n)
	for i := 0; i < n && d.err == nil; i++ {
		key := d.string()
		o := &outletLines{name: d.string(), articles: int(d.uvarint())}
		ns := d.count()
		o.seen = make(map[string]struct{}, ns)
		for j := 0; j < ns && d.err == nil; j++ {
			o.seen[d.string()] = struct{}{}
		}
		nc := d.count()
		o.counts = make(map[uint64]uint32, nc)
		for j := 0; j < nc && d.err == nil; j++ {
			h := d.uint64()
			o.counts[h] = uint32(d.uvarint())
		}
		nm := d.count()
		o.samples = make(map[uint64]string, nm)
		for j := 0; j < nm && d.err == nil; j++ {
			h := d.uint64()
			o.samples[h] = d.string()
		}
		outlets[key] = o
	}
	if d.err != nil {
		return d.err
	}
	if len(d.buf) != 0 {
		return ErrBadBoilerplate
	}
	b.mu.Lock()
	b.outlets = outlets
	b.mu.Unlock()
	return nil
}

func bpAppendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// bpDecoder reads the varint format; the first error sticks.
type bpDecoder struct {
	buf []byte
	err error
}

func (d *bpDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = ErrBadBoilerplate
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

// count reads a length that must be plausible for the remaining bytes
// (every element takes at least one byte).
func (d *bpDecoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.buf)) {
		d.err = ErrBadBoilerplate
		return 0
	}
	return int(v)
}

func (d *bpDecoder) uint64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.buf) < 8 {
		d.err = ErrBadBoilerplate
		return 0
	}
	v := binary.LittleEndian.Uint64(d.buf)
	d.buf = d.buf[8:]
	return v
}

func (d *bpDecoder) string() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	if !utf8.ValidString(s) {
		d.err = ErrBadBoilerplate
	}
	return s
}
