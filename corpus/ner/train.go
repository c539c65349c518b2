package ner

import (
	"fmt"
	"io"
	"math/rand"
	"strings"
	"time"
)

// TrainOptions configures Train.
type TrainOptions struct {
	// Epochs of the averaged structured perceptron (default 8).
	Epochs int
	// Seed for the document order shuffle (training is deterministic
	// given the seed and the data).
	Seed int64
	// Bits is log2 of the number of hashed feature buckets (default 21).
	Bits uint
	// Scheme is "BIO" or "BILOU" (default).
	Scheme string
	// Folds for jack-knifing the training-set gazetteer (default 10).
	Folds int
	// Lexicon holds word clusters and case statistics from unlabelled
	// text; nil trains without them.
	Lexicon *Lexicon
	// Dev, if set, is scored after every epoch (for reporting and for
	// choosing the number of epochs only).
	Dev []Document
	// TitleCase is the fraction of training documents with ALL-CAPS
	// headlines that are added again with the headlines in title case,
	// for robustness to news-site titles (0: none).
	TitleCase float64
	// Log receives progress lines; nil is silent.
	Log io.Writer
}

type trainSent struct {
	info  []tokInfo
	feats []uint32
	off   []int32
	gold  []int
}

type trainDoc struct {
	sents     []trainSent
	caseFlags map[uint64]uint8
	ctx       map[uint64][]uint64
}

// Train fits a tagger on CoNLL documents with an averaged structured
// perceptron (Viterbi decoding over the label transitions).
func Train(docs []Document, opt TrainOptions) (*Tagger, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 8
	}
	if opt.Bits == 0 {
		opt.Bits = 21
	}
	if opt.Folds <= 0 {
		opt.Folds = 10
	}
	if opt.Folds > 16 {
		return nil, fmt.Errorf("ner: at most 16 folds")
	}
	scheme := schemeBILOU
	switch strings.ToUpper(opt.Scheme) {
	case "", "BILOU":
	case "BIO":
		scheme = schemeBIO
	default:
		return nil, fmt.Errorf("ner: unknown scheme %q", opt.Scheme)
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	var lex *lexicon
	if opt.Lexicon != nil {
		lex = newLexicon(append([]lexWord(nil), opt.Lexicon.words...))
	}
	// Gazetteer from the training entities, folds by document (before
	// augmentation, so copies share their original's fold).
	gaz := newGazetteer()
	nOrig := len(docs)
	for d := range docs {
		fold := d % opt.Folds
		for k, s := range docs[d].Sentences {
			for _, sp := range spansFromIOB2(docs[d].Tags[k]) {
				if sp.end-sp.start > maxGazLen {
					continue
				}
				var b []byte
				for i := sp.start; i < sp.end; i++ {
					if i > sp.start {
						b = append(b, ' ')
					}
					b = appendNorm(b, s[i])
				}
				gaz.add(string(b), sp.typ, fold)
			}
		}
	}
	docs, origin := augment(docs, opt.TitleCase, opt.Seed)
	if len(docs) > nOrig {
		logf("augmented: %d title-cased document copies", len(docs)-nOrig)
	}
	m := newModel(scheme, opt.Bits, lex, gaz)
	ls := m.ls
	L := ls.n
	// Static features, computed once.
	start := time.Now()
	tdocs := make([]trainDoc, len(docs))
	fz := featurizer{bits: m.bits, lex: lex, gaz: gaz}
	ntok := 0
	for d := range docs {
		fz.fold = origin[d] % opt.Folds
		ds := newDocState()
		ds.observeCase(docs[d].Sentences)
		td := trainDoc{caseFlags: ds.caseFlags, ctx: ds.ctx}
		for k, s := range docs[d].Sentences {
			fz.prepare(s)
			style := sentenceStyle(s)
			ts := trainSent{off: []int32{0}}
			for i := range s {
				ts.feats = fz.static(ts.feats, i, style, ds)
				ts.off = append(ts.off, int32(len(ts.feats)))
			}
			ts.info = make([]tokInfo, len(s))
			copy(ts.info, fz.info)
			for i := range ts.info {
				ts.info[i].norm = nil
			}
			ts.gold = ls.encode(spansFromIOB2(docs[d].Tags[k]), len(s))
			td.sents = append(td.sents, ts)
			ntok += len(s)
		}
		tdocs[d] = td
	}
	logf("features: %d docs, %d tokens in %v", len(docs), ntok, time.Since(start).Round(time.Millisecond))

	u := make([]float64, len(m.w))
	ut := make([]float64, len(m.trans))
	c := 1.0
	rng := rand.New(rand.NewSource(opt.Seed))
	order := make([]int, len(tdocs))
	for i := range order {
		order[i] = i
	}
	var feats []uint32
	var off []int32
	var emit []float32
	var vb viterbiBuf
	var pred []int
	var typs []int8
	// average returns the averaged model in compact form.
	average := func() *model {
		avg := &model{ls: ls, bits: m.bits, lex: lex, gaz: gaz,
			w: make([]float32, len(m.w)), trans: make([]float32, len(m.trans))}
		for k := range m.w {
			avg.w[k] = m.w[k] - float32(u[k]/c)
		}
		for k := range m.trans {
			avg.trans[k] = m.trans[k] - float32(ut[k]/c)
		}
		avg.compact()
		return avg
	}
	nerr := 0
	// step decodes one sentence with the current weights and applies the
	// perceptron update.
	step := func(ts *trainSent, feats []uint32, off []int32, pred []int) []int {
		n := len(ts.gold)
		if cap(emit) < n*L {
			emit = make([]float32, n*L*2)
		}
		em := emit[:n*L]
		emissions(m.w, L, feats, off, em)
		pred = viterbi(ls, m.trans, em, n, &vb, pred)
		nerr = 0
		for i := 0; i < n; i++ {
			g, p := ts.gold[i], pred[i]
			if g != p {
				nerr++
				for _, b := range feats[off[i]:off[i+1]] {
					base := int(b) * L
					m.w[base+g]++
					u[base+g] += c
					m.w[base+p]--
					u[base+p] -= c
				}
			}
			gp, pp := 0, 0
			if i > 0 {
				gp, pp = ts.gold[i-1]+1, pred[i-1]+1
			}
			if gp != pp || g != p {
				m.trans[gp*L+g]++
				ut[gp*L+g] += c
				m.trans[pp*L+p]--
				ut[pp*L+p] -= c
			}
		}
		c++
		return pred
	}
	for ep := 1; ep <= opt.Epochs; ep++ {
		t0 := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, total := 0, 0
		for _, d := range order {
			td := &tdocs[d]
			ds := &docState{caseFlags: td.caseFlags, ctx: td.ctx,
				hist:    make(map[uint64]*[numTypes + 1]uint16),
				histRaw: make(map[uint64]*[numTypes + 1]uint16)}
			for si := range td.sents {
				ts := &td.sents[si]
				n := len(ts.gold)
				fz.info = ts.info
				feats = feats[:0]
				off = append(off[:0], 0)
				for i := 0; i < n; i++ {
					feats = append(feats, ts.feats[ts.off[i]:ts.off[i+1]]...)
					feats = fz.dynamic(feats, i, ds)
					off = append(off, int32(len(feats)))
				}
				pred = step(ts, feats, off, pred)
				typs = labelTypes(ls, pred, typs)
				ds.record(ts.info, typs)
				errs += nerr
				total += n
			}
		}
		msg := fmt.Sprintf("epoch %d: token errors %.4f (%v)", ep, float64(errs)/float64(total), time.Since(t0).Round(time.Millisecond))
		if len(opt.Dev) > 0 {
			sc := Evaluate(newTagger(average()), opt.Dev)
			msg += fmt.Sprintf(" dev F1 %.4f", sc.Micro.F1())
		}
		logf("%s", msg)
	}
	return newTagger(average()), nil
}
