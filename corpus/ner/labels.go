package ner

// Entity types, in label order.
var entityTypes = [...]string{"PER", "ORG", "LOC", "MISC"}

const numTypes = len(entityTypes)

func typeIndex(t string) int {
	for k, s := range entityTypes {
		if s == t {
			return k
		}
	}
	return -1
}

// maxLabels is the number of labels of the largest scheme (BILOU).
const maxLabels = 1 + numTypes*4

// vec holds per-label scores in integer weight units.
type vec [maxLabels]int32

// Tagging schemes used internally by the model. Input and output of the
// package are always IOB2; BILOU usually decodes slightly better.
const (
	schemeBIO   = 0
	schemeBILOU = 1
)

// Positions within an entity.
const (
	posB = 0
	posI = 1
	posL = 2
	posU = 3
)

// labelSet describes the model's output labels: 0 is O, then for each type
// the positions of the scheme (B, I for BIO; B, I, L, U for BILOU).
type labelSet struct {
	scheme int
	per    int // positions per type
	n      int // number of labels
	// allowed[prev+1][cur]: prev == -1 is the sentence start.
	allowed [][]bool
	// final[cur]: the label may end a sentence.
	final []bool
	// prevs[cur]: the labels that may precede cur, in increasing order.
	prevs [][]int16
}

func newLabelSet(scheme int) *labelSet {
	ls := &labelSet{scheme: scheme, per: 2}
	if scheme == schemeBILOU {
		ls.per = 4
	}
	ls.n = 1 + numTypes*ls.per
	ls.allowed = make([][]bool, ls.n+1)
	for p := -1; p < ls.n; p++ {
		row := make([]bool, ls.n)
		for c := 0; c < ls.n; c++ {
			row[c] = ls.valid(p, c)
		}
		ls.allowed[p+1] = row
	}
	ls.prevs = make([][]int16, ls.n)
	for c := 0; c < ls.n; c++ {
		for p := 0; p < ls.n; p++ {
			if ls.allowed[p+1][c] {
				ls.prevs[c] = append(ls.prevs[c], int16(p))
			}
		}
	}
	ls.final = make([]bool, ls.n)
	for c := 0; c < ls.n; c++ {
		if c == 0 {
			ls.final[c] = true
			continue
		}
		_, pos := ls.split(c)
		ls.final[c] = scheme == schemeBIO || pos == posL || pos == posU
	}
	return ls
}

// split returns the type index and position of a non-O label.
func (ls *labelSet) split(l int) (typ, pos int) {
	return (l - 1) / ls.per, (l - 1) % ls.per
}

func (ls *labelSet) label(typ, pos int) int { return 1 + typ*ls.per + pos }

func (ls *labelSet) valid(prev, cur int) bool {
	// "inside" reports whether prev leaves an entity open.
	open := -1
	if prev > 0 {
		t, p := ls.split(prev)
		if ls.scheme == schemeBIO {
			open = t // in BIO anything may follow; I-t needs B-t/I-t
		} else if p == posB || p == posI {
			open = t
		}
	}
	if cur == 0 {
		return ls.scheme == schemeBIO || open < 0
	}
	t, p := ls.split(cur)
	if ls.scheme == schemeBIO {
		if p == posI {
			return open == t
		}
		return true
	}
	switch p {
	case posB, posU:
		return open < 0
	default: // I, L
		return open == t
	}
}

// span is an entity over tokens [start, end).
type span struct {
	start, end, typ int
}

// spansFromIOB2 reads entity spans from IOB2 (or IOB1) tags the way
// conlleval does: an I-X that does not continue an X entity starts one.
func spansFromIOB2(tags []string) []span {
	var out []span
	cur := -1
	start := 0
	for i := 0; i <= len(tags); i++ {
		t := "O"
		if i < len(tags) {
			t = tags[i]
		}
		pfx, typ := "O", -1
		if t != "O" && len(t) > 2 && t[1] == '-' {
			pfx, typ = t[:1], typeIndex(t[2:])
		}
		if typ < 0 {
			pfx = "O"
		}
		continues := pfx == "I" && typ == cur
		if cur >= 0 && !continues {
			out = append(out, span{start, i, cur})
			cur = -1
		}
		if pfx != "O" && !continues {
			cur, start = typ, i
		}
	}
	return out
}

// encode converts spans over n tokens to scheme labels.
func (ls *labelSet) encode(spans []span, n int) []int {
	y := make([]int, n)
	for _, s := range spans {
		for i := s.start; i < s.end; i++ {
			pos := posI
			switch {
			case ls.scheme == schemeBILOU && s.end-s.start == 1:
				pos = posU
			case i == s.start:
				pos = posB
			case ls.scheme == schemeBILOU && i == s.end-1:
				pos = posL
			}
			y[i] = ls.label(s.typ, pos)
		}
	}
	return y
}

// decode converts scheme labels to spans (labels are assumed valid).
func (ls *labelSet) decode(y []int) []span {
	var out []span
	cur := -1
	start := 0
	for i := 0; i <= len(y); i++ {
		l := 0
		if i < len(y) {
			l = y[i]
		}
		if l == 0 {
			if cur >= 0 {
				out = append(out, span{start, i, cur})
				cur = -1
			}
			continue
		}
		t, p := ls.split(l)
		if p == posB || p == posU || t != cur {
			if cur >= 0 {
				out = append(out, span{start, i, cur})
			}
			cur, start = t, i
		}
		if p == posU || p == posL {
			out = append(out, span{start, i + 1, cur})
			cur = -1
		}
	}
	return out
}

// iob2 renders spans over n tokens as IOB2 tags.
func iob2(spans []span, n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "O"
	}
	for _, s := range spans {
		tags[s.start] = "B-" + entityTypes[s.typ]
		for i := s.start + 1; i < s.end; i++ {
			tags[i] = "I-" + entityTypes[s.typ]
		}
	}
	return tags
}
