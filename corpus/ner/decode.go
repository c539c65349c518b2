package ner

import "math"

// decoder is Viterbi decoding for fixed transition scores. It returns
// exactly the labels of viterbi, but for each group of labels that share
// their allowed predecessors it first drops the predecessors whose score is
// so far below the group's best that no transition score can make up for
// it (by more than float32 rounding could blur).
type decoder struct {
	ls     *labelSet
	trans  []float32
	groups []labelGroup
}

// labelGroup is a set of labels (curs) with the same allowed predecessors
// (prevs, increasing); tT[k*len(prevs)+j] is the transition score from
// prevs[j] to curs[k] and gap[j*len(prevs)+j2] is the most a transition
// from prevs[j] scores above one from prevs[j2] into the same label.
type labelGroup struct {
	prevs, curs []int16
	tT          []float32
	gap         []float32
}

func newDecoder(ls *labelSet, trans []float32) *decoder {
	d := &decoder{ls: ls, trans: trans}
	L := ls.n
	for c := 0; c < L; c++ {
		var g *labelGroup
		for k := range d.groups {
			if equalInt16(d.groups[k].prevs, ls.prevs[c]) {
				g = &d.groups[k]
			}
		}
		if g == nil {
			d.groups = append(d.groups, labelGroup{prevs: ls.prevs[c]})
			g = &d.groups[len(d.groups)-1]
		}
		g.curs = append(g.curs, int16(c))
		for _, p := range g.prevs {
			g.tT = append(g.tT, trans[(int(p)+1)*L+c])
		}
	}
	for gi := range d.groups {
		g := &d.groups[gi]
		np := len(g.prevs)
		g.gap = make([]float32, np*np)
		for j := range g.gap {
			g.gap[j] = float32(math.Inf(-1))
		}
		for k := range g.curs {
			tt := g.tT[k*np : (k+1)*np]
			for j := range np {
				for j2 := range np {
					g.gap[j*np+j2] = max(g.gap[j*np+j2], tt[j]-tt[j2])
				}
			}
		}
	}
	return d
}

func equalInt16(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// decode returns the best valid label sequence given emission scores (the
// result of viterbi(ls, trans, emit, n, vb, out)).
func (d *decoder) decode(emit []float32, n int, vb *viterbiBuf, out []int) []int {
	ls := d.ls
	L := ls.n
	trans := d.trans
	score, back := startLattice(ls, trans, emit, n, vb)
	negInf := float32(math.Inf(-1))
	var candBuf [maxLabels]int16
	var idxBuf [maxLabels]int
	for i := 1; i < n; i++ {
		prev := score[(i-1)*L : i*L]
		cur := score[i*L : (i+1)*L]
		em := emit[i*L : (i+1)*L]
		bk := back[i*L : (i+1)*L]
		for gi := range d.groups {
			g := &d.groups[gi]
			np := len(g.prevs)
			if np == 2 {
				// Two predecessors: score both directly.
				p0, p1 := g.prevs[0], g.prevs[1]
				s0, s1 := prev[p0], prev[p1]
				for k, c := range g.curs {
					a, b := s0+g.tT[2*k], s1+g.tT[2*k+1]
					best, bp := negInf, int16(0)
					if a > best {
						best, bp = a, p0
					}
					if b > best {
						best, bp = b, p1
					}
					if best == negInf {
						cur[c] = negInf
					} else {
						cur[c] = best + em[c]
					}
					bk[c] = bp
				}
				continue
			}
			mx, jx := negInf, 0
			for j, p := range g.prevs {
				if prev[p] > mx {
					mx, jx = prev[p], j
				}
			}
			// A predecessor whose score trails the best one's by more
			// than its largest transition advantage over it (plus a
			// rounding margin) can never win nor tie.
			am := mx
			if am < 0 {
				am = -am
			}
			margin := am*1e-4 + 1e-3
			cand := candBuf[:0]
			idx := idxBuf[:0]
			if mx != negInf {
				for j, p := range g.prevs {
					if prev[p] >= mx-g.gap[j*np+jx]-margin {
						cand = append(cand, p)
						idx = append(idx, j)
					}
				}
			}
			for k, c := range g.curs {
				tt := g.tT[k*np : (k+1)*np]
				best := negInf
				bp := int16(0)
				for j, p := range cand {
					if s := prev[p] + tt[idx[j]]; s > best {
						best, bp = s, p
					}
				}
				if best == negInf {
					cur[c] = negInf
				} else {
					cur[c] = best + em[c]
				}
				bk[c] = bp
			}
		}
	}
	return backtrack(ls, score, back, n, out)
}
