package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"sort"
)

// model is a linear-chain tagger: hashed features times per-label weights
// plus label-transition scores, decoded with Viterbi.
type model struct {
	ls   *labelSet
	bits uint
	// w is the dense weight table, (1<<bits) * ls.n, used while training.
	w []float32
	// The compact form used for tagging: weights quantised to int16 in
	// units of scale. Bucket b has a row when bit b%64 of idx[b/64].bits is
	// set; its weights are q[r*ls.n:][:ls.n] with r = idx[b/64].rank + the
	// number of set bits below b in that word. The index is 16 bytes per 64
	// buckets, so it mostly stays in the CPU caches.
	idx   []rankWord
	q     []int16
	scale float32
	// frows are the unquantised rows of a freshly trained model (in q's
	// order), kept so that save quantises and prunes the exact weights.
	frows []float32
	trans []float32 // (ls.n+1) * ls.n, row 0 is the sentence start
	lex   *lexicon
	gaz   *gazetteer
}

// rankWord is one word of the bucket bitset with the number of rows
// before it.
type rankWord struct {
	bits uint64
	rank uint32
	_    uint32
}

func newModel(scheme int, bits uint, lex *lexicon, gaz *gazetteer) *model {
	ls := newLabelSet(scheme)
	return &model{
		ls:    ls,
		bits:  bits,
		w:     make([]float32, (1<<bits)*ls.n),
		trans: make([]float32, (ls.n+1)*ls.n),
		lex:   lex,
		gaz:   gaz,
	}
}

// rowIndex returns the row of bucket b, or -1 when the bucket has none.
func (m *model) rowIndex(b uint32) int {
	w := &m.idx[b>>6]
	bit := uint64(1) << (b & 63)
	if w.bits&bit == 0 {
		return -1
	}
	return int(w.rank) + bits.OnesCount64(w.bits&(bit-1))
}

// addRow adds bucket b's quantised weights to acc (no-op without a row).
func (m *model) addRow(acc *vec, b uint32) {
	w := &m.idx[b>>6]
	bit := uint64(1) << (b & 63)
	if w.bits&bit == 0 {
		return
	}
	r := int(w.rank) + bits.OnesCount64(w.bits&(bit-1))
	L := m.ls.n
	ws := m.q[r*L : r*L+L : r*L+L]
	for k, x := range ws {
		acc[k] += int32(x)
	}
}

// setRows builds the compact form from rows of the given buckets (in
// increasing order), quantised rows q and their scale.
func (m *model) setRows(buckets []int, q []int16, scale float32) {
	nb := 1 << m.bits
	m.idx = make([]rankWord, (nb+63)/64)
	for _, b := range buckets {
		m.idx[b>>6].bits |= 1 << uint(b&63)
	}
	r := uint32(0)
	for k := range m.idx {
		m.idx[k].rank = r
		r += uint32(bits.OnesCount64(m.idx[k].bits))
	}
	m.q = q
	m.scale = scale
}

// quantScale is the scale that maps the largest weight magnitude to 32767.
func quantScale(rows []float32) float32 {
	var maxAbs float32
	for _, f := range rows {
		if a := float32(math.Abs(float64(f))); a > maxAbs {
			maxAbs = a
		}
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	return scale
}

// compact converts the dense weights to the compact form and drops them.
func (m *model) compact() {
	L := m.ls.n
	nb := 1 << m.bits
	var buckets []int
	m.frows = m.frows[:0]
	for b := 0; b < nb; b++ {
		row := m.w[b*L : (b+1)*L]
		nz := false
		for _, f := range row {
			if f != 0 {
				nz = true
				break
			}
		}
		if !nz {
			continue
		}
		buckets = append(buckets, b)
		m.frows = append(m.frows, row...)
	}
	scale := quantScale(m.frows)
	q := make([]int16, len(m.frows))
	for k, f := range m.frows {
		q[k] = int16(math.Round(float64(f / scale)))
	}
	m.setRows(buckets, q, scale)
	m.w = nil
}

// emissionsCompact fills emit (n*L) from per-token feature buckets
// feats[off[i]:off[i+1]] over the compact weights. Weights are summed
// exactly in integer units, then scaled.
func (m *model) emissionsCompact(feats []uint32, off []int32, emit []float32) {
	n := len(off) - 1
	L := m.ls.n
	for i := 0; i < n; i++ {
		var acc vec
		for _, b := range feats[off[i]:off[i+1]] {
			m.addRow(&acc, b)
		}
		row := emit[i*L : i*L+L : i*L+L]
		for k := range row {
			row[k] = float32(acc[k]) * m.scale
		}
	}
}

// viterbiBuf holds reusable decoding buffers.
type viterbiBuf struct {
	emit  []float32
	score []float32
	back  []int16
}

// emissions fills buf.emit (n*L) from per-token feature buckets feats[off[i]:off[i+1]].
func emissions(w []float32, L int, feats []uint32, off []int32, emit []float32) {
	n := len(off) - 1
	for i := 0; i < n; i++ {
		row := emit[i*L : i*L+L : i*L+L]
		for k := range row {
			row[k] = 0
		}
		for _, b := range feats[off[i]:off[i+1]] {
			base := int(b) * L
			ws := w[base : base+L : base+L]
			for k := range row {
				row[k] += ws[k]
			}
		}
	}
}

// viterbi returns the best valid label sequence given emission scores.
func viterbi(ls *labelSet, trans []float32, emit []float32, n int, vb *viterbiBuf, out []int) []int {
	L := ls.n
	score, back := startLattice(ls, trans, emit, n, vb)
	negInf := float32(math.Inf(-1))
	for i := 1; i < n; i++ {
		prev := score[(i-1)*L : i*L]
		cur := score[i*L : (i+1)*L]
		em := emit[i*L : (i+1)*L]
		bk := back[i*L : (i+1)*L]
		for c, ps := range ls.prevs {
			best := negInf
			bp := int16(0)
			for _, p := range ps {
				// A -Inf score never beats best, which starts at -Inf.
				if s := prev[p] + trans[(int(p)+1)*L+c]; s > best {
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
	return backtrack(ls, score, back, n, out)
}

// startLattice sizes the Viterbi buffers for n tokens and fills the first
// token's scores (emission plus start transition, -Inf where not allowed).
func startLattice(ls *labelSet, trans, emit []float32, n int, vb *viterbiBuf) ([]float32, []int16) {
	L := ls.n
	if cap(vb.score) < n*L {
		vb.score = make([]float32, n*L*2)
		vb.back = make([]int16, n*L*2)
	}
	score := vb.score[:n*L]
	back := vb.back[:n*L]
	for c := 0; c < L; c++ {
		if ls.allowed[0][c] {
			score[c] = emit[c] + trans[c]
		} else {
			score[c] = float32(math.Inf(-1))
		}
		back[c] = -1
	}
	return score, back
}

// backtrack reads the best path out of a filled Viterbi lattice: the best
// final label of the last token, then the back pointers (into out).
func backtrack(ls *labelSet, score []float32, back []int16, n int, out []int) []int {
	L := ls.n
	last := score[(n-1)*L : n*L]
	bc := 0
	best := float32(math.Inf(-1))
	for c := 0; c < L; c++ {
		if ls.final[c] && last[c] > best {
			best, bc = last[c], c
		}
	}
	out = out[:0]
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = bc
		bc = int(back[i*L+bc])
	}
	return out
}

const modelMagic = "PLXNER02"

// save writes the model gzip-compressed. Weights are quantised to 16-bit
// integers; weights whose magnitude is below prune (absolute, in weight
// units) are dropped, and so are buckets left empty.
func (m *model) save(w io.Writer, prune float32) (kept int, err error) {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	var tmp [binary.MaxVarintLen64]byte
	putU := func(v uint64) { n := binary.PutUvarint(tmp[:], v); bw.Write(tmp[:n]) }
	putI := func(v int64) { n := binary.PutVarint(tmp[:], v); bw.Write(tmp[:n]) }
	putS := func(s string) { putU(uint64(len(s))); bw.WriteString(s) }
	putF := func(f float32) { binary.Write(bw, binary.LittleEndian, f) }
	bw.WriteString(modelMagic)
	putU(featureVersion)
	putU(uint64(m.ls.scheme))
	putU(uint64(m.bits))
	putU(0) // flags, reserved
	for _, f := range m.trans {
		putF(f)
	}
	L := m.ls.n
	// rows: the buckets with a row, in order; rowAt(k) is the k-th row in
	// weight units.
	var rowBuckets []int
	for wi, w := range m.idx {
		for x := w.bits; x != 0; x &= x - 1 {
			rowBuckets = append(rowBuckets, wi*64+bits.TrailingZeros64(x))
		}
	}
	scale := m.scale
	rowAt := func(k int, dst []float32) {
		for l := 0; l < L; l++ {
			dst[l] = float32(m.q[k*L+l]) * m.scale
		}
	}
	if m.frows != nil {
		scale = quantScale(m.frows)
		rowAt = func(k int, dst []float32) { copy(dst, m.frows[k*L:(k+1)*L]) }
	}
	putF(scale)
	// Weights, one row per non-empty bucket: delta-coded bucket number,
	// label mask, zig-zag varints.
	quant := func(f float32) int64 {
		if float32(math.Abs(float64(f))) < prune {
			return 0
		}
		return int64(math.Round(float64(f / scale)))
	}
	row := make([]float32, L)
	var buckets, rowsOf []int
	for k, b := range rowBuckets {
		rowAt(k, row)
		for _, f := range row {
			if quant(f) != 0 {
				buckets = append(buckets, b)
				rowsOf = append(rowsOf, k)
				break
			}
		}
	}
	putU(uint64(len(buckets)))
	prev := -1
	for j, b := range buckets {
		putU(uint64(b - prev))
		prev = b
		rowAt(rowsOf[j], row)
		var mask uint64
		for k, f := range row {
			if quant(f) != 0 {
				mask |= 1 << uint(k)
			}
		}
		putU(mask)
		for _, f := range row {
			if q := quant(f); q != 0 {
				putI(q)
				kept++
			}
		}
	}
	// Lexicon.
	var words []lexWord
	if m.lex != nil {
		words = m.lex.words
	}
	putU(uint64(len(words)))
	last := ""
	for _, lw := range words {
		// Front coding against the previous word.
		p := 0
		for p < len(last) && p < len(lw.Word) && last[p] == lw.Word[p] {
			p++
		}
		putU(uint64(p))
		putS(lw.Word[p:])
		putU(uint64(lw.Cluster))
		bw.WriteByte(lw.CaseB)
		last = lw.Word
	}
	// Gazetteer.
	var phrases []string
	if m.gaz != nil {
		for p := range m.gaz.phrases {
			phrases = append(phrases, p)
		}
	}
	sort.Strings(phrases)
	putU(uint64(len(phrases)))
	for _, p := range phrases {
		putS(p)
		bw.WriteByte(m.gaz.phrases[p])
	}
	if err := bw.Flush(); err != nil {
		return kept, err
	}
	return kept, zw.Close()
}

// loadModel reads a model written by save.
func loadModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("ner: model: %w", err)
	}
	r := &byteReader{b: raw}
	if string(r.next(len(modelMagic))) != modelMagic {
		return nil, errors.New("ner: model: bad magic")
	}
	if v := r.u(); v != featureVersion {
		return nil, fmt.Errorf("ner: model: feature version %d, code has %d", v, featureVersion)
	}
	scheme := int(r.u())
	bits := uint(r.u())
	if bits < 10 || bits > 26 || (scheme != schemeBIO && scheme != schemeBILOU) {
		return nil, errors.New("ner: model: bad header")
	}
	if r.u() != 0 {
		return nil, errors.New("ner: model: unknown flags")
	}
	m := &model{ls: newLabelSet(scheme), bits: bits}
	m.trans = make([]float32, (m.ls.n+1)*m.ls.n)
	for k := range m.trans {
		m.trans[k] = r.f()
	}
	scale := r.f()
	L := m.ls.n
	nb := 1 << bits
	rows := int(r.u())
	if rows > nb {
		return nil, errors.New("ner: model: too many rows")
	}
	buckets := make([]int, 0, rows)
	q := make([]int16, 0, rows*L)
	b := -1
	for k := 0; k < rows && r.err == nil; k++ {
		b += int(r.u())
		mask := r.u()
		if b < 0 || b >= nb {
			return nil, errors.New("ner: model: bucket out of range")
		}
		buckets = append(buckets, b)
		for l := 0; l < L; l++ {
			var v int64
			if mask&(1<<uint(l)) != 0 {
				v = r.i()
			}
			if v < math.MinInt16 || v > math.MaxInt16 {
				return nil, errors.New("ner: model: weight out of range")
			}
			q = append(q, int16(v))
		}
	}
	m.setRows(buckets, q, scale)
	nw := int(r.u())
	if nw > len(raw) {
		return nil, errors.New("ner: model: bad lexicon size")
	}
	words := make([]lexWord, 0, nw)
	last := ""
	for k := 0; k < nw && r.err == nil; k++ {
		p := int(r.u())
		if p > len(last) {
			return nil, errors.New("ner: model: bad lexicon entry")
		}
		w := last[:p] + r.s()
		c := uint16(r.u())
		cb := r.byte()
		words = append(words, lexWord{Word: w, Cluster: c, CaseB: cb})
		last = w
	}
	m.lex = newLexicon(words)
	np := int(r.u())
	if np > len(raw) {
		return nil, errors.New("ner: model: bad gazetteer size")
	}
	m.gaz = newGazetteer()
	for k := 0; k < np && r.err == nil; k++ {
		p := r.s()
		mask := r.byte()
		h := hashString(p)
		var e [numTypes]uint16
		for t := 0; t < numTypes; t++ {
			if mask&(1<<uint(t)) != 0 {
				e[t] = 1
			}
		}
		m.gaz.m[h] = e
		m.gaz.phrases[p] = mask
	}
	if r.err != nil {
		return nil, fmt.Errorf("ner: model: %w", r.err)
	}
	return m, nil
}

type byteReader struct {
	b   []byte
	p   int
	err error
}

func (r *byteReader) next(n int) []byte {
	if r.err != nil || n < 0 || r.p+n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	s := r.b[r.p : r.p+n]
	r.p += n
	return s
}

func (r *byteReader) u() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.p:])
	if n <= 0 {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	r.p += n
	return v
}

func (r *byteReader) i() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.p:])
	if n <= 0 {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	r.p += n
	return v
}

func (r *byteReader) f() float32 {
	b := r.next(4)
	if b == nil {
		return 0
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(b))
}

func (r *byteReader) s() string {
	n := r.u()
	if n > uint64(len(r.b)) {
		r.err = io.ErrUnexpectedEOF
		return ""
	}
	return string(r.next(int(n)))
}

func (r *byteReader) byte() byte {
	b := r.next(1)
	if b == nil {
		return 0
	}
	return b[0]
}
