package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"weak"

	"github.com/blevesearch/bleve/v2"
	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/corpus/ner"
	bolt "go.etcd.io/bbolt"
)

// Entity tables in the side store. Every article gets a compact record of
// its mentions with dense integer entity ids, and the corpus-wide pair
// counts are kept up to date by Put (onPut), so co-occurrence over the
// whole corpus never re-reads article text.
var (
	bEntKeys  = []byte("ent_keys")  // EntityKey → id (uint32 BE)
	bEntNames = []byte("ent_names") // id → name record (key, type counts, forms)
	bEntDocs  = []byte("ent_docs")  // article id → doc record (outlet, date, sentences, mentions)
	bEntPairs = []byte("ent_pairs") // a (uint32 BE) | b>>pairChunkBits (uint32 BE) → pair counts, a < b
	bEntMeta  = []byte("ent_meta")  // next, gen, docs, sents → uint64 BE
)

const (
	pairChunkBits = 14
	aliasKey      = "table"
	maxForms      = 8
)

// Mention fields in doc records.
const (
	fTitle uint8 = iota
	fBody
	fCaptions
)

func fieldCode(f string) uint8 {
	switch f {
	case corpus.FieldTitle:
		return fTitle
	case corpus.FieldCaptions:
		return fCaptions
	}
	return fBody
}

var entFieldNames = [...]string{corpus.FieldTitle, corpus.FieldBody, corpus.FieldCaptions}

func typeCode(t string) uint8 {
	switch t {
	case "PER":
		return 0
	case "ORG":
		return 1
	case "LOC":
		return 2
	}
	return 3
}

// mrec is one mention in a doc record: the canonical entity, the entity
// of its own surface form (0 when the same), type, field and sentence.
type mrec struct {
	canon, surf uint32
	typ, field  uint8
	sent        uint16
}

// docRec is the compact entity record of one article.
type docRec struct {
	id        string
	outlet    string
	published int64  // unix seconds, 0 undated
	nsent     uint32 // sentences of title and body
	ms        []mrec
}

func (r *docRec) encode() []byte {
	b := make([]byte, 0, 16+len(r.outlet)+len(r.ms)*6)
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(r.outlet)))
	b = append(b, r.outlet...)
	b = binary.AppendVarint(b, r.published)
	b = binary.AppendUvarint(b, uint64(r.nsent))
	b = binary.AppendUvarint(b, uint64(len(r.ms)))
	for _, m := range r.ms {
		b = binary.AppendUvarint(b, uint64(m.canon))
		b = binary.AppendUvarint(b, uint64(m.surf))
		b = append(b, m.typ|m.field<<4)
		b = binary.AppendUvarint(b, uint64(m.sent))
	}
	return b
}

var errDamaged = errors.New("damaged entity record")

type byteReader struct {
	b   []byte
	err bool
}

func (r *byteReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// varint reads a zig-zag encoded signed varint (binary.PutVarint's).
func (r *byteReader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (r *byteReader) bytes(n uint64) []byte {
	if uint64(len(r.b)) < n {
		r.err = true
		r.b = nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func decodeDocRec(id string, v []byte) (*docRec, error) {
	if len(v) == 0 || v[0] != 1 {
		return nil, errDamaged
	}
	r := &byteReader{b: v[1:]}
	rec := &docRec{id: id}
	rec.outlet = string(r.bytes(r.uvarint()))
	rec.published = r.varint()
	rec.nsent = uint32(r.uvarint())
	n := r.uvarint()
	if n > uint64(len(v)) {
		return nil, errDamaged
	}
	rec.ms = make([]mrec, 0, n)
	for i := uint64(0); i < n && !r.err; i++ {
		var m mrec
		m.canon = uint32(r.uvarint())
		m.surf = uint32(r.uvarint())
		tf := r.bytes(1)
		if len(tf) == 1 {
			m.typ, m.field = tf[0]&15, tf[0]>>4
		}
		m.sent = uint16(r.uvarint())
		rec.ms = append(rec.ms, m)
	}
	if r.err {
		return nil, errDamaged
	}
	return rec, nil
}

// nameRec is what the store knows about one entity name.
type nameRec struct {
	key   string
	types [4]int64
	forms map[string]int64
	// st is the entity's own counts over the title and body of every
	// article (captions left out), so a whole-corpus query can rank
	// without decoding the doc records.
	st nameStats
}

// nameStats counts an entity's own mentions (by type), articles and
// sentences over titles and bodies.
type nameStats struct {
	types       [4]int64
	docs, sents int64
}

// nameStatsTag marks the stats appended to a name record (format 3).
const nameStatsTag = 0x53

func (n *nameRec) encode() []byte {
	type fc struct {
		f string
		c int64
	}
	var fs []fc
	for f, c := range n.forms {
		if c > 0 {
			fs = append(fs, fc{f, c})
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].c > fs[j].c || fs[i].c == fs[j].c && fs[i].f < fs[j].f })
	if len(fs) > maxForms {
		fs = fs[:maxForms]
	}
	b := binary.AppendUvarint(nil, uint64(len(n.key)))
	b = append(b, n.key...)
	for _, t := range n.types {
		b = binary.AppendUvarint(b, uint64(max(0, t)))
	}
	b = binary.AppendUvarint(b, uint64(len(fs)))
	for _, f := range fs {
		b = binary.AppendUvarint(b, uint64(len(f.f)))
		b = append(b, f.f...)
		b = binary.AppendUvarint(b, uint64(f.c))
	}
	b = append(b, nameStatsTag)
	for _, t := range n.st.types {
		b = binary.AppendUvarint(b, uint64(max(0, t)))
	}
	b = binary.AppendUvarint(b, uint64(max(0, n.st.docs)))
	b = binary.AppendUvarint(b, uint64(max(0, n.st.sents)))
	return b
}

// decodeStats reads the stats that may follow the forms of a name record.
func decodeStats(r *byteReader) (nameStats, bool) {
	var st nameStats
	if len(r.b) == 0 || r.b[0] != nameStatsTag {
		return st, false
	}
	r.b = r.b[1:]
	for i := range st.types {
		st.types[i] = int64(r.uvarint())
	}
	st.docs = int64(r.uvarint())
	st.sents = int64(r.uvarint())
	return st, !r.err
}

func decodeNameRec(v []byte) (*nameRec, error) {
	r := &byteReader{b: v}
	n := &nameRec{forms: map[string]int64{}}
	n.key = string(r.bytes(r.uvarint()))
	for i := range n.types {
		n.types[i] = int64(r.uvarint())
	}
	k := r.uvarint()
	for i := uint64(0); i < k && !r.err; i++ {
		f := string(r.bytes(r.uvarint()))
		n.forms[f] = int64(r.uvarint())
	}
	n.st, _ = decodeStats(r)
	if r.err {
		return nil, errDamaged
	}
	return n, nil
}

// display is the most frequent form, ties broken alphabetically.
func (n *nameRec) display() string {
	best, bc := "", int64(-1)
	for f, c := range n.forms {
		if c > bc || c == bc && f < best {
			best, bc = f, c
		}
	}
	if best == "" {
		return n.key
	}
	return best
}

func idKey(id uint32) []byte {
	var k [4]byte
	binary.BigEndian.PutUint32(k[:], id)
	return k[:]
}

func metaGet(b *bolt.Bucket, k string) uint64 {
	if b == nil {
		return 0
	}
	v := b.Get([]byte(k))
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func metaPut(b *bolt.Bucket, k string, v uint64) error {
	var x [8]byte
	binary.BigEndian.PutUint64(x[:], v)
	return b.Put([]byte(k), x[:])
}

// entTx is the entity buckets of one write transaction.
type entTx struct {
	keys, names, docs, pairs, meta *bolt.Bucket
	next                           uint32
	newNames                       map[uint32]*nameRec
	ids                            map[string]uint32 // keys looked up in this transaction
	tx                             *bolt.Tx
	fresh                          bool // the tables did not exist before this transaction
}

func openEntTx(tx *bolt.Tx) (*entTx, error) {
	fresh := tx.Bucket(bEntDocs) == nil
	var bs [5]*bolt.Bucket
	for i, name := range [][]byte{bEntKeys, bEntNames, bEntDocs, bEntPairs, bEntMeta} {
		b, err := tx.CreateBucketIfNotExists(name)
		if err != nil {
			return nil, err
		}
		bs[i] = b
	}
	et := &entTx{tx: tx, fresh: fresh, keys: bs[0], names: bs[1], docs: bs[2], pairs: bs[3], meta: bs[4], newNames: map[uint32]*nameRec{}, ids: map[string]uint32{}}
	et.next = uint32(max(1, metaGet(et.meta, "next")))
	return et, nil
}

// id returns the id of an entity key, creating it.
func (et *entTx) id(key string) uint32 {
	if id, ok := et.ids[key]; ok {
		return id
	}
	if v := et.keys.Get([]byte(key)); len(v) == 4 {
		id := binary.BigEndian.Uint32(v)
		et.ids[key] = id
		return id
	}
	id := et.next
	et.next++
	et.keys.Put([]byte(key), idKey(id))
	et.newNames[id] = &nameRec{key: key, forms: map[string]int64{}}
	et.ids[key] = id
	return id
}

// entDelta accumulates the changes of one Put. Pair occurrences are
// collected as keys and counted by radix sort (no per-pair allocation).
type entDelta struct {
	// add and sub hold the doc, sentence and sentence-doc pair keys
	// added and removed.
	add, sub [3]pairKeys
	names    map[uint32]*nameRec // type and form count changes
	docs     int64
	sents    int64
	sb       setBuf
	out      []pairDelta
	radix    *[1 << 16]int
}

func newEntDelta() *entDelta {
	return &entDelta{names: map[uint32]*nameRec{}}
}

// pairKeys collects pair keys (a<<32 | b, a < b) and sorts them.
type pairKeys struct {
	keys, tmp []uint64
}

// addSet adds every pair of a sorted set of distinct ids.
func (p *pairKeys) addSet(ids []uint32) {
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			p.keys = append(p.keys, uint64(a)<<32|uint64(b))
		}
	}
}

// sort radix-sorts the keys; count is scratch memory.
func (p *pairKeys) sort(count *[1 << 16]int) []uint64 {
	p.keys, p.tmp = corpus.SortPairKeys(p.keys, p.tmp, count)
	return p.keys
}

func (d *entDelta) name(id uint32) *nameRec {
	n := d.names[id]
	if n == nil {
		n = &nameRec{forms: map[string]int64{}}
		d.names[id] = n
	}
	return n
}

// addRec adds (sign 1) or removes (sign -1) a doc record's contribution.
func (d *entDelta) addRec(rec *docRec, forms []string, sign int64) {
	d.docs += sign
	d.sents += sign * int64(rec.nsent)
	for i, m := range rec.ms {
		n := d.name(m.canon)
		n.types[m.typ&3] += sign
		if forms != nil {
			n.forms[forms[2*i]] += sign
			if m.surf != 0 {
				d.name(m.surf).forms[forms[2*i+1]] += sign
			}
		}
	}
	pc := &d.add
	if sign < 0 {
		pc = &d.sub
	}
	for i := range rec.ms {
		if m := &rec.ms[i]; m.field != fCaptions {
			d.name(m.canon).st.types[m.typ&3] += sign
		}
	}
	doc, sents := d.sb.sets(rec, baseResolve, false)
	for _, id := range doc {
		d.name(id).st.docs += sign
	}
	// sb.keyed is now the distinct (field, sentence, entity) of the record.
	for _, k := range d.sb.keyed {
		d.name(uint32(k)).st.sents += sign
	}
	pc[0].addSet(doc)
	seen := d.sb.seen[:0]
	for _, s := range sents {
		pc[1].addSet(s)
		for i, a := range s {
			for _, b := range s[i+1:] {
				seen = append(seen, uint64(a)<<32|uint64(b))
			}
		}
	}
	slices.Sort(seen)
	for _, k := range slices.Compact(seen) {
		pc[2].keys = append(pc[2].keys, k)
	}
	d.sb.seen = seen[:0]
}

// pairDelta is the change of one pair's counts.
type pairDelta struct {
	key uint64
	d   [3]int64
}

// deltas returns the pair changes in key order: the six sorted key lists
// (added and removed, per kind) are merged, each run of equal keys counted.
// The slice is reused by the next call.
func (d *entDelta) deltas() []pairDelta {
	if d.radix == nil {
		d.radix = new([1 << 16]int)
	}
	var lists [6][]uint64
	for kind := range 3 {
		lists[2*kind] = d.add[kind].sort(d.radix)
		lists[2*kind+1] = d.sub[kind].sort(d.radix)
	}
	out := d.out[:0]
	for {
		key, any := uint64(0), false
		for _, l := range lists {
			if len(l) > 0 && (!any || l[0] < key) {
				key, any = l[0], true
			}
		}
		if !any {
			break
		}
		pd := pairDelta{key: key}
		for i, l := range lists {
			n := 0
			for n < len(l) && l[n] == key {
				n++
			}
			lists[i] = l[n:]
			if i%2 == 0 {
				pd.d[i/2] += int64(n)
			} else {
				pd.d[i/2] -= int64(n)
			}
		}
		out = append(out, pd)
	}
	d.out = out
	return out
}

func baseResolve(m *mrec) int32 { return int32(m.canon) }

// setBuf builds the entity sets of a doc record, reusing memory.
type setBuf struct {
	doc   []uint32
	keyed []uint64
	sents [][]uint32
	flat  []uint32
	seen  []uint64
}

// sets returns the sorted distinct entities of the title and body (and
// captions when asked) and of each sentence holding two or more, after
// resolve (negative = dropped). The slices are reused by the next call.
func (sb *setBuf) sets(rec *docRec, resolve func(*mrec) int32, captions bool) (doc []uint32, sents [][]uint32) {
	sb.doc, sb.keyed = sb.doc[:0], sb.keyed[:0]
	for i := range rec.ms {
		m := &rec.ms[i]
		if m.field == fCaptions && !captions {
			continue
		}
		id := resolve(m)
		if id < 0 {
			continue
		}
		sb.doc = append(sb.doc, uint32(id))
		sb.keyed = append(sb.keyed, uint64(m.field)<<56|uint64(m.sent)<<32|uint64(id))
	}
	doc = corpus.SortedSet(sb.doc)
	slices.Sort(sb.keyed)
	sb.keyed = slices.Compact(sb.keyed)
	sb.sents, sb.flat = sb.sents[:0], sb.flat[:0]
	for i := 0; i < len(sb.keyed); {
		j := i + 1
		for j < len(sb.keyed) && sb.keyed[j]>>32 == sb.keyed[i]>>32 {
			j++
		}
		if j-i >= 2 {
			start := len(sb.flat)
			for _, k := range sb.keyed[i:j] {
				sb.flat = append(sb.flat, uint32(k))
			}
			sb.sents = append(sb.sents, sb.flat[start:len(sb.flat):len(sb.flat)])
		}
		i = j
	}
	return doc, sb.sents
}

// onPut updates the entity tables for one Put: work maps article ids to
// "put" or "del"; put articles come from arts or, failing that, the
// articles bucket of tx. Called by Put inside its store transaction.
func (c *Corpus) onPut(tx *bolt.Tx, arts []corpus.Article, work map[string]string) error {
	if len(work) == 0 {
		return nil
	}
	et, err := openEntTx(tx)
	if err != nil {
		return err
	}
	byID := make(map[string]*corpus.Article, len(arts))
	for i := range arts {
		byID[arts[i].ID] = &arts[i]
	}
	ids := make([]string, 0, len(work))
	for id := range work {
		ids = append(ids, id)
	}
	sort.Strings(ids) // entity ids are assigned in a reproducible order
	d := newEntDelta()
	artBucket := tx.Bucket(bArticles)
	for _, id := range ids {
		if old := et.docs.Get([]byte(id)); old != nil {
			if rec, err := decodeDocRec(id, old); err == nil {
				d.addRec(rec, nil, -1)
			}
		}
		if work[id] == pendDel {
			if err := et.docs.Delete([]byte(id)); err != nil {
				return err
			}
			continue
		}
		a := byID[id]
		if a == nil {
			v := artBucket.Get([]byte(id))
			if v == nil {
				et.docs.Delete([]byte(id))
				continue
			}
			if a, err = decodeArticle(v); err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
		}
		rec, forms := et.record(a)
		d.addRec(rec, forms, 1)
		if err := et.docs.Put([]byte(id), rec.encode()); err != nil {
			return err
		}
	}
	return et.apply(d)
}

// record builds the doc record of an article, creating entity ids. forms
// holds two display forms per mention: the canonical name and the surface.
func (et *entTx) record(a *corpus.Article) (*docRec, []string) {
	rec := &docRec{id: a.ID, outlet: a.Outlet}
	if a.Dated() {
		rec.published = a.Published.Unix()
	}
	rec.nsent = uint32(len(ner.Sentences(a.Title)) + len(ner.Sentences(a.Body)))
	forms := make([]string, 0, len(a.Entities))
	for _, e := range a.Entities {
		name := e.Canonical
		if name == "" {
			name = corpus.CleanEntityName(e.Text, e.Type)
		}
		key := corpus.EntityKey(name)
		if key == "" {
			continue
		}
		m := mrec{canon: et.id(key), typ: typeCode(e.Type), field: fieldCode(e.Field), sent: uint16(min(e.Sentence, 65535))}
		surf := corpus.CleanEntityName(e.Text, e.Type)
		if sk := corpus.EntityKey(surf); sk != "" && sk != key {
			m.surf = et.id(sk)
		}
		rec.ms = append(rec.ms, m)
		forms = append(forms, strings.Join(strings.Fields(name), " "), surf)
	}
	return rec, forms
}

// apply writes the accumulated changes.
func (et *entTx) apply(d *entDelta) error {
	// Names.
	for id := range et.newNames {
		d.name(id)
	}
	for id, dn := range d.names {
		var n *nameRec
		if nn := et.newNames[id]; nn != nil {
			n = &nameRec{key: nn.key, forms: map[string]int64{}}
		} else if v := et.names.Get(idKey(id)); v != nil {
			var err error
			if n, err = decodeNameRec(v); err != nil {
				return err
			}
		} else {
			continue
		}
		for i := range n.types {
			n.types[i] += dn.types[i]
			n.st.types[i] += dn.st.types[i]
		}
		n.st.docs += dn.st.docs
		n.st.sents += dn.st.sents
		for f, c := range dn.forms {
			n.forms[f] += c
		}
		if err := et.names.Put(idKey(id), n.encode()); err != nil {
			return err
		}
	}
	// Pairs, chunk by chunk in key order.
	deltas := d.deltas()
	var entries, merged []pairEntry
	for i := 0; i < len(deltas); {
		ck := chunkKey(deltas[i].key)
		j := i
		for j < len(deltas) && chunkKey(deltas[j].key) == ck {
			j++
		}
		bk := chunkBytes(ck)
		entries = decodeChunk(et.pairs.Get(bk), entries[:0])
		merged = merged[:0]
		x := 0
		for _, pd := range deltas[i:j] {
			b := uint32(pd.key)
			for x < len(entries) && entries[x].b < b {
				merged = append(merged, entries[x])
				x++
			}
			e := pairEntry{b: b}
			if x < len(entries) && entries[x].b == b {
				e = entries[x]
				x++
			}
			e.doc = uint32(max(0, int64(e.doc)+pd.d[0]))
			e.sent = uint32(max(0, int64(e.sent)+pd.d[1]))
			e.sdoc = uint32(max(0, int64(e.sdoc)+pd.d[2]))
			if e.doc != 0 || e.sent != 0 {
				merged = append(merged, e)
			}
		}
		merged = append(merged, entries[x:]...)
		var err error
		if len(merged) == 0 {
			err = et.pairs.Delete(bk)
		} else {
			err = et.pairs.Put(bk, encodeChunk(merged))
		}
		if err != nil {
			return err
		}
		i = j
	}
	if err := metaPut(et.meta, "next", uint64(et.next)); err != nil {
		return err
	}
	docs := int64(metaGet(et.meta, "docs")) + d.docs
	sents := int64(metaGet(et.meta, "sents")) + d.sents
	if err := metaPut(et.meta, "docs", uint64(max(0, docs))); err != nil {
		return err
	}
	if err := metaPut(et.meta, "sents", uint64(max(0, sents))); err != nil {
		return err
	}
	if et.fresh && metaGet(et.meta, "format") == 0 && uint64(et.tx.Bucket(bArticles).Stats().KeyN) == metaGet(et.meta, "docs") {
		// New tables that cover every article: they are in the current
		// layout. (Otherwise the articles stored before the tables existed
		// are missing, and the first query rebuilds the tables.)
		if err := metaPut(et.meta, "format", entFormat); err != nil {
			return err
		}
	}
	return metaPut(et.meta, "gen", metaGet(et.meta, "gen")+1)
}

// pairEntry is one stored pair: b, with a from the chunk key.
type pairEntry struct {
	b               uint32
	doc, sent, sdoc uint32
}

// chunkKey is a<<32 | b>>pairChunkBits for a pair key.
func chunkKey(k uint64) uint64 {
	return k&^0xFFFFFFFF | (k&0xFFFFFFFF)>>pairChunkBits
}

func chunkBytes(ck uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ck)
	return b[:]
}

// A chunk starts with the largest doc and sentence counts it holds, so
// that ranking by count can skip chunks that cannot reach the top.
func encodeChunk(es []pairEntry) []byte {
	var maxDoc, maxSent uint32
	for _, e := range es {
		maxDoc, maxSent = max(maxDoc, e.doc), max(maxSent, e.sent)
	}
	b := make([]byte, 0, 4+len(es)*5)
	b = binary.AppendUvarint(b, uint64(maxDoc))
	b = binary.AppendUvarint(b, uint64(maxSent))
	prev := uint32(0)
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.b-prev))
		prev = e.b
		b = binary.AppendUvarint(b, uint64(e.doc))
		b = binary.AppendUvarint(b, uint64(e.sent))
		b = binary.AppendUvarint(b, uint64(e.sdoc))
	}
	return b
}

// chunkMax reads a chunk's header: its largest doc and sentence counts
// and the entries that follow.
func chunkMax(v []byte) (maxDoc, maxSent uint64, rest []byte) {
	var n int
	if maxDoc, n = binary.Uvarint(v); n <= 0 {
		return 0, 0, nil
	}
	v = v[n:]
	if maxSent, n = binary.Uvarint(v); n <= 0 {
		return 0, 0, nil
	}
	return maxDoc, maxSent, v[n:]
}

// decodeChunk appends the entries of a chunk.
func decodeChunk(v []byte, out []pairEntry) []pairEntry {
	_, _, v = chunkMax(v)
	prev := uint32(0)
	for len(v) > 0 {
		var x [4]uint64
		for i := range x {
			n := 0
			x[i], n = binary.Uvarint(v)
			if n <= 0 {
				return out
			}
			v = v[n:]
		}
		prev += uint32(x[0])
		out = append(out, pairEntry{b: prev, doc: uint32(x[1]), sent: uint32(x[2]), sdoc: uint32(x[3])})
	}
	return out
}

// entFormat is the layout version of the entity tables; older tables are
// rebuilt from the stored articles on first use.
// Format 3 added the per-entity stats of name records; format 2 tables
// are upgraded in place (upgradeEntStatsLocked) without a full rebuild.
const entFormat = 3

// RebuildEntities recomputes the entity tables and pair counts from the
// entities stored with the articles (it does not run the recogniser again:
// see ReextractEntities).
func (c *Corpus) RebuildEntities(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	return c.rebuildEntitiesLocked(ctx)
}

func (c *Corpus) rebuildEntitiesLocked(ctx context.Context) error {
	var ids []string
	err := c.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bEntKeys, bEntNames, bEntDocs, bEntPairs} {
			if tx.Bucket(b) != nil {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		if meta := tx.Bucket(bEntMeta); meta != nil {
			gen := metaGet(meta, "gen")
			if err := tx.DeleteBucket(bEntMeta); err != nil {
				return err
			}
			meta, err := tx.CreateBucket(bEntMeta)
			if err != nil {
				return err
			}
			metaPut(meta, "gen", gen+1)
		}
		return tx.Bucket(bArticles).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(ids); start += 2000 {
		if err := ctx.Err(); err != nil {
			return err
		}
		work := map[string]string{}
		for _, id := range ids[start:min(len(ids), start+2000)] {
			work[id] = pendPut
		}
		if err := c.db.Update(func(tx *bolt.Tx) error { return c.onPut(tx, nil, work) }); err != nil {
			return err
		}
	}
	return c.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bEntMeta)
		if err != nil {
			return err
		}
		return metaPut(meta, "format", entFormat)
	})
}

// entFormatState reports whether the entity tables are current (or the
// corpus is empty) and, if not, whether they are from a newer Parallax.
func (c *Corpus) entFormatState() (ok, newer bool, format uint64) {
	c.db.View(func(tx *bolt.Tx) error {
		format = metaGet(tx.Bucket(bEntMeta), "format")
		k, _ := tx.Bucket(bArticles).Cursor().First()
		ok = format == entFormat || format == 0 && k == nil
		return nil
	})
	return ok, format > entFormat, format
}

// checkEntFormat rebuilds entity tables of an older layout (or missing
// ones: a corpus imported before entities were tracked).
func (c *Corpus) checkEntFormat(ctx context.Context) error {
	if ok, _, format := c.entFormatState(); ok || format == 2 && c.db.IsReadOnly() {
		// (Format 2 tables only lack the name stats, which the full cache
		// does not need: a read-only corpus uses them as they are.)
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return fmt.Errorf("corpus %s is closed", c.dir)
	}
	ok, newer, format := c.entFormatState() // another caller may have rebuilt them
	switch {
	case ok:
		return nil
	case newer:
		return fmt.Errorf("corpus %s: entity tables of a newer Parallax (format %d); please upgrade", c.dir, format)
	case format == 2:
		return c.upgradeEntStatsLocked(ctx)
	}
	return c.rebuildEntitiesLocked(ctx)
}

// upgradeEntStatsLocked upgrades format 2 tables to format 3: it computes
// every entity's stats from the doc records and stores them in the name
// records.
func (c *Corpus) upgradeEntStatsLocked(ctx context.Context) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		meta, names, docs := tx.Bucket(bEntMeta), tx.Bucket(bEntNames), tx.Bucket(bEntDocs)
		if meta == nil || names == nil || docs == nil {
			return errDamaged
		}
		stats := make([]nameStats, metaGet(meta, "next")+1)
		grow := func(id uint32) *nameStats {
			for int(id) >= len(stats) {
				stats = append(stats, nameStats{})
			}
			return &stats[id]
		}
		var sb setBuf
		n := 0
		err := docs.ForEach(func(k, v []byte) error {
			if n++; n&4095 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			rec, err := decodeDocRec(string(k), v)
			if err != nil {
				return fmt.Errorf("article %s: %w", k, err)
			}
			for i := range rec.ms {
				if m := &rec.ms[i]; m.field != fCaptions {
					grow(m.canon).types[m.typ&3]++
				}
			}
			doc, _ := sb.sets(rec, baseResolve, false)
			for _, id := range doc {
				grow(id).docs++
			}
			for _, k := range sb.keyed {
				grow(uint32(k)).sents++
			}
			return nil
		})
		if err != nil {
			return err
		}
		var keys [][]byte
		var recs []*nameRec
		err = names.ForEach(func(k, v []byte) error {
			nr, err := decodeNameRec(v)
			if err != nil {
				return err
			}
			if len(k) == 4 {
				if id := binary.BigEndian.Uint32(k); int(id) < len(stats) {
					nr.st = stats[id]
				}
			}
			keys, recs = append(keys, slices.Clone(k)), append(recs, nr)
			return nil
		})
		if err != nil {
			return err
		}
		for i, k := range keys {
			if err := names.Put(k, recs[i].encode()); err != nil {
				return err
			}
		}
		if err := metaPut(meta, "format", entFormat); err != nil {
			return err
		}
		return metaPut(meta, "gen", metaGet(meta, "gen")+1)
	})
}

// ---- In-memory view ----

// entCache is the decoded entity tables of a corpus at one generation.
type entCache struct {
	gen     uint64
	names   []cname // by id
	keyID   map[string]uint32
	docs    []cdoc
	docIdx  map[string]int32
	outlets []string
	nDocs   int
	nSents  int
	// lazy: a partial view whose names hold only the stats (whole corpus)
	// or nothing (a query scope); keyID is empty and fillNames decodes
	// the name records a result needs.
	lazy bool
}

// cname is a name record in memory.
type cname struct {
	key, display string
	types        [4]int64
	ok           bool
	st           nameStats // own title and body counts (format 3)
}

// decodeCName decodes a name record keeping only its display form.
func decodeCName(v []byte) (cname, error) {
	r := &byteReader{b: v}
	n := cname{ok: true}
	n.key = string(r.bytes(r.uvarint()))
	for i := range n.types {
		n.types[i] = int64(r.uvarint())
	}
	k := r.uvarint()
	var best []byte
	bc := int64(-1)
	for i := uint64(0); i < k && !r.err; i++ {
		f := r.bytes(r.uvarint())
		c := int64(r.uvarint())
		if c > bc || c == bc && string(f) < string(best) {
			best, bc = f, c
		}
	}
	n.st, _ = decodeStats(r)
	if r.err {
		return cname{}, errDamaged
	}
	n.display = string(best)
	if n.display == "" {
		n.display = n.key
	}
	return n, nil
}

// cdoc is a doc record in memory.
type cdoc struct {
	id        string
	outlet    uint32
	published int64
	nsent     uint32
	ms        []mrec
}

type entState struct {
	mu    sync.Mutex
	cache *entCache
}

// entStates holds each open corpus's entity cache without keeping the
// corpus alive; the entry goes when the corpus is collected.
var entStates sync.Map // weak.Pointer[Corpus] → *entState

func (c *Corpus) entState() *entState {
	k := weak.Make(c)
	if v, ok := entStates.Load(k); ok {
		return v.(*entState)
	}
	v, loaded := entStates.LoadOrStore(k, &entState{})
	if !loaded {
		runtime.AddCleanup(c, func(k weak.Pointer[Corpus]) { entStates.Delete(k) }, k)
	}
	return v.(*entState)
}

// entGen is the generation of the entity tables (bumped by every Put).
func (c *Corpus) entGen() uint64 {
	var g uint64
	c.db.View(func(tx *bolt.Tx) error {
		g = metaGet(tx.Bucket(bEntMeta), "gen")
		return nil
	})
	return g
}

// ents returns the entity tables, loading them when the store changed.
func (c *Corpus) ents() (*entCache, error) {
	if err := c.checkEntFormat(context.Background()); err != nil {
		return nil, err
	}
	st := c.entState()
	st.mu.Lock()
	defer st.mu.Unlock()
	gen := c.entGen()
	if st.cache != nil && st.cache.gen == gen {
		return st.cache, nil
	}
	ec := &entCache{keyID: map[string]uint32{}, docIdx: map[string]int32{}}
	outletIdx := map[string]uint32{}
	err := c.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bEntMeta)
		ec.gen = metaGet(meta, "gen")
		ec.nSents = int(metaGet(meta, "sents"))
		if err := ec.loadNames(tx); err != nil {
			return err
		}
		docs := tx.Bucket(bEntDocs)
		if docs == nil {
			return nil
		}
		// The records are decoded in parallel (the bytes stay valid for the
		// transaction), then indexed in order.
		var keys, vals [][]byte
		docs.ForEach(func(k, v []byte) error {
			keys, vals = append(keys, k), append(vals, v)
			return nil
		})
		recs := make([]*docRec, len(keys))
		errs := make([]error, len(keys))
		var wg sync.WaitGroup
		workers := max(1, runtime.GOMAXPROCS(0))
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(keys); i += workers {
					recs[i], errs[i] = decodeDocRec(string(keys[i]), vals[i])
				}
			}()
		}
		wg.Wait()
		ec.docs = make([]cdoc, 0, len(recs))
		for i, rec := range recs {
			if errs[i] != nil {
				return fmt.Errorf("article %s: %w", keys[i], errs[i])
			}
			ec.addDoc(rec, outletIdx)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus %s: entity tables: %w", c.dir, err)
	}
	ec.nDocs = len(ec.docs)
	st.cache = ec
	return ec, nil
}

// addDoc appends a decoded record to the cache, numbering its outlet.
func (ec *entCache) addDoc(rec *docRec, outletIdx map[string]uint32) {
	o, ok := outletIdx[rec.outlet]
	if !ok {
		o = uint32(len(ec.outlets))
		outletIdx[rec.outlet] = o
		ec.outlets = append(ec.outlets, rec.outlet)
	}
	ec.docIdx[rec.id] = int32(len(ec.docs))
	ec.docs = append(ec.docs, cdoc{id: rec.id, outlet: o, published: rec.published, nsent: rec.nsent, ms: rec.ms})
}

// loadNames decodes the name records into ec.
func (ec *entCache) loadNames(tx *bolt.Tx) error {
	names := tx.Bucket(bEntNames)
	if names == nil {
		return nil
	}
	ec.names = make([]cname, metaGet(tx.Bucket(bEntMeta), "next")+1)
	return names.ForEach(func(k, v []byte) error {
		id := binary.BigEndian.Uint32(k)
		n, err := decodeCName(v)
		if err != nil {
			return err
		}
		for int(id) >= len(ec.names) {
			ec.names = append(ec.names, cname{})
		}
		ec.names[id] = n
		ec.keyID[n.key] = id
		return nil
	})
}

// nameStatsStored reports whether the name records hold their stats.
func (c *Corpus) nameStatsStored() bool {
	_, _, format := c.entFormatState()
	return format == entFormat
}

// loadStats sizes ec.names for a lazy view and, when all is set, reads
// every entity's stats.
func (ec *entCache) loadStats(tx *bolt.Tx, all bool) error {
	ec.names = make([]cname, metaGet(tx.Bucket(bEntMeta), "next")+1)
	names := tx.Bucket(bEntNames)
	if names == nil || !all {
		return nil
	}
	return names.ForEach(func(k, v []byte) error {
		id := binary.BigEndian.Uint32(k)
		st, err := decodeNameStats(v)
		if err != nil {
			return err
		}
		for int(id) >= len(ec.names) {
			ec.names = append(ec.names, cname{})
		}
		ec.names[id].st = st
		return nil
	})
}

// decodeNameStats decodes the stats of a name record, skipping the rest.
func decodeNameStats(v []byte) (nameStats, error) {
	r := &byteReader{b: v}
	r.bytes(r.uvarint())
	for range 4 {
		r.uvarint()
	}
	k := r.uvarint()
	for i := uint64(0); i < k && !r.err; i++ {
		r.bytes(r.uvarint())
		r.uvarint()
	}
	st, _ := decodeStats(r)
	if r.err {
		return nameStats{}, errDamaged
	}
	return st, nil
}

// fillNames decodes the name records of ids into a lazy view (keeping
// the stats it has).
func (c *Corpus) fillNames(ec *entCache, ids []uint32) error {
	if !ec.lazy {
		return nil
	}
	return c.db.View(func(tx *bolt.Tx) error {
		names := tx.Bucket(bEntNames)
		if names == nil {
			return nil
		}
		for _, id := range ids {
			if int(id) >= len(ec.names) || ec.names[id].ok {
				continue
			}
			v := names.Get(idKey(id))
			if v == nil {
				continue
			}
			n, err := decodeCName(v)
			if err != nil {
				return err
			}
			n.st = ec.names[id].st
			ec.names[id] = n
		}
		return nil
	})
}

// loadedEnts returns the entity cache when it is loaded and current, nil
// otherwise (it loads nothing).
func (c *Corpus) loadedEnts() *entCache {
	st := c.entState()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.cache != nil && st.cache.gen == c.entGen() {
		return st.cache
	}
	return nil
}

// partialEnts reads the doc records of the given articles only (in id
// order; ids without a record are skipped), for a first query that needs
// no more, and the name records: all of them, or when lazy only the stats
// of each (ids nil) or none at all (see entCache.lazy). nDocs and nSents
// are those of the whole corpus. The result is not cached and lacks the
// docs of other articles.
func (c *Corpus) partialEnts(ids []string, lazy bool) (*entCache, error) {
	ec := &entCache{keyID: map[string]uint32{}, docIdx: map[string]int32{}, lazy: lazy}
	ids = slices.Clone(ids)
	slices.Sort(ids) // the store's order, as in the full cache
	outletIdx := map[string]uint32{}
	err := c.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bEntMeta)
		ec.gen = metaGet(meta, "gen")
		ec.nSents = int(metaGet(meta, "sents"))
		ec.nDocs = int(metaGet(meta, "docs"))
		if lazy {
			if err := ec.loadStats(tx, ids == nil); err != nil {
				return err
			}
		} else if err := ec.loadNames(tx); err != nil {
			return err
		}
		docs := tx.Bucket(bEntDocs)
		if docs == nil {
			return nil
		}
		for _, id := range ids {
			v := docs.Get([]byte(id))
			if v == nil {
				continue
			}
			rec, err := decodeDocRec(id, v)
			if err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
			ec.addDoc(rec, outletIdx)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus %s: entity tables: %w", c.dir, err)
	}
	return ec, nil
}

// ---- Aliases ----

// AliasTable is the user alias table (see corpus.AliasTable).
type AliasTable = corpus.AliasTable

// AliasRule is one rule of the alias table.
type AliasRule = corpus.AliasRule

// Aliases returns the user alias table stored in the corpus.
func (c *Corpus) Aliases() (corpus.AliasTable, error) {
	var t corpus.AliasTable
	err := c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bAliases)
		if b == nil {
			return nil
		}
		if v := b.Get([]byte(aliasKey)); v != nil {
			return json.Unmarshal(v, &t)
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("corpus %s: alias table: %w", c.dir, err)
	}
	return t, nil
}

// SetAliases replaces the user alias table (parallax aliases import).
func (c *Corpus) SetAliases(t corpus.AliasTable) error {
	return c.updateAliases(func(old *corpus.AliasTable) error {
		*old = t
		return nil
	})
}

func (c *Corpus) updateAliases(fn func(t *corpus.AliasTable) error) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bAliases)
		if err != nil {
			return err
		}
		var t corpus.AliasTable
		if v := b.Get([]byte(aliasKey)); v != nil {
			if err := json.Unmarshal(v, &t); err != nil {
				return fmt.Errorf("alias table: %w", err)
			}
		}
		if err := fn(&t); err != nil {
			return err
		}
		v, _ := json.Marshal(t)
		return b.Put([]byte(aliasKey), v)
	})
}

func checkName(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if corpus.EntityKey(s) == "" {
		return "", fmt.Errorf("%q is not an entity name", s)
	}
	return s, nil
}

// MergeEntities folds names into the entity into: lists, counts and
// co-occurrence treat them as one from now on, without re-importing.
func (c *Corpus) MergeEntities(into string, names ...string) error {
	into, err := checkName(into)
	if err != nil {
		return err
	}
	return c.updateAliases(func(t *corpus.AliasTable) error {
		for _, n := range names {
			n, err := checkName(n)
			if err != nil {
				return err
			}
			if corpus.EntityKey(n) == corpus.EntityKey(into) {
				continue
			}
			t.Set(corpus.AliasRule{Action: corpus.AliasMerge, Name: n, Target: into})
		}
		if r, ok := t.Get(into); ok && r.Action == corpus.AliasIgnore {
			t.Remove(into)
		}
		return nil
	})
}

// RenameEntity shows the entity old under the name new (merging it into
// new when that entity exists).
func (c *Corpus) RenameEntity(old, new string) error {
	old, err := checkName(old)
	if err != nil {
		return err
	}
	if new, err = checkName(new); err != nil {
		return err
	}
	if corpus.EntityKey(old) == corpus.EntityKey(new) && old == new {
		return nil
	}
	return c.updateAliases(func(t *corpus.AliasTable) error {
		if corpus.EntityKey(old) == corpus.EntityKey(new) {
			// Only the spelling changes: a rename rule onto itself sets the display name.
			t.Set(corpus.AliasRule{Action: corpus.AliasRename, Name: old, Target: new})
			return nil
		}
		// Rules pointing at old follow it.
		for i := range t.Rules {
			if r := &t.Rules[i]; (r.Action == corpus.AliasMerge || r.Action == corpus.AliasRename) && corpus.EntityKey(r.Target) == corpus.EntityKey(old) {
				r.Target = new
			}
		}
		t.Set(corpus.AliasRule{Action: corpus.AliasRename, Name: old, Target: new})
		return nil
	})
}

// SplitEntity undoes merging into or out of name: user merges and renames
// involving it are removed; when there were none, the forms that the
// built-in aliases or within-article linking folded into name ("U.S." into
// "United States", "Obama" into "Barack Obama") count as themselves again.
// Merging again undoes a split.
func (c *Corpus) SplitEntity(name string) error {
	name, err := checkName(name)
	if err != nil {
		return err
	}
	k := corpus.EntityKey(name)
	return c.updateAliases(func(t *corpus.AliasTable) error {
		removed := false
		var keep []corpus.AliasRule
		for _, r := range t.Rules {
			if (r.Action == corpus.AliasMerge || r.Action == corpus.AliasRename) && (corpus.EntityKey(r.Target) == k || corpus.EntityKey(r.Name) == k) {
				removed = true
				continue
			}
			keep = append(keep, r)
		}
		t.Rules = keep
		if !removed {
			t.Set(corpus.AliasRule{Action: corpus.AliasSplit, Name: name})
		}
		return nil
	})
}

// IgnoreEntity makes name a stop-entity (ignore) or lifts that (!ignore).
func (c *Corpus) IgnoreEntity(name string, ignore bool) error {
	name, err := checkName(name)
	if err != nil {
		return err
	}
	return c.updateAliases(func(t *corpus.AliasTable) error {
		if ignore {
			t.Set(corpus.AliasRule{Action: corpus.AliasIgnore, Name: name})
		} else if r, ok := t.Get(name); ok && r.Action == corpus.AliasIgnore {
			t.Remove(name)
		}
		return nil
	})
}

// resolver maps stored entity ids to the entities the user sees, applying
// the alias table.
type resolver struct {
	ec    *entCache
	canon []int32 // stored id → effective id, -1 ignored
	split []bool  // stored ids whose mentions count as their surface form
	// names of effective ids beyond the stored ones (renamed to a new name)
	extra   []string
	display map[int32]string // display names set by rename rules
	ignored map[int32]bool
}

// entsResolved returns the entity tables and the alias resolver over them.
func (c *Corpus) entsResolved() (*entCache, *resolver, error) {
	ec, err := c.ents()
	if err != nil {
		return nil, nil, err
	}
	r, err := c.resolver(ec)
	if err != nil {
		return nil, nil, err
	}
	return ec, r, nil
}

func (c *Corpus) resolver(ec *entCache) (*resolver, error) {
	t, err := c.Aliases()
	if err != nil {
		return nil, err
	}
	r := &resolver{ec: ec, canon: make([]int32, len(ec.names)), split: make([]bool, len(ec.names)),
		display: map[int32]string{}, ignored: map[int32]bool{}}
	for i := range r.canon {
		r.canon[i] = int32(i)
	}
	idOf := func(name string) int32 {
		k := corpus.EntityKey(name)
		if id, ok := ec.keyID[k]; ok {
			return int32(id)
		}
		for i, e := range r.extra {
			if corpus.EntityKey(e) == k {
				return int32(len(ec.names) + i)
			}
		}
		r.extra = append(r.extra, name)
		return int32(len(ec.names) + len(r.extra) - 1)
	}
	for _, rule := range t.Rules {
		k := corpus.EntityKey(rule.Name)
		id, known := ec.keyID[k]
		switch rule.Action {
		case corpus.AliasSplit:
			if known {
				r.split[id] = true
			}
		case corpus.AliasIgnore:
			if known {
				r.canon[id] = -1
			}
		case corpus.AliasMerge, corpus.AliasRename:
			final, ignored := t.Resolve(rule.Name)
			tgt := idOf(final)
			if ignored {
				tgt = -1
			}
			if known {
				r.canon[id] = tgt
			}
			if fr, ok := t.Get(final); ok && fr.Action == corpus.AliasRename && corpus.EntityKey(fr.Target) == corpus.EntityKey(final) {
				r.display[tgt] = fr.Target
			} else if tgt >= 0 && rule.Action == corpus.AliasRename && corpus.EntityKey(rule.Target) == corpus.EntityKey(final) {
				r.display[tgt] = rule.Target
			}
		}
	}
	// Targets that are themselves ignored.
	for i, t := range r.canon {
		if t >= 0 && int(t) < len(r.canon) && r.canon[t] == -1 && int32(i) != t {
			r.canon[i] = -1
		}
	}
	return r, nil
}

// resolve maps one mention to its effective entity (-1: ignored).
func (r *resolver) resolve(m *mrec) int32 {
	id := m.canon
	if r.split[id] && m.surf != 0 {
		id = m.surf
	}
	if int(id) >= len(r.canon) {
		return int32(id)
	}
	return r.canon[id]
}

// identity reports whether no alias rule applies.
func (r *resolver) identity() bool {
	for i, t := range r.canon {
		if t != int32(i) || r.split[i] {
			return false
		}
	}
	return true
}

// name is the display name of an effective id.
func (r *resolver) name(id int32) string {
	if d, ok := r.display[id]; ok {
		return d
	}
	if int(id) < len(r.ec.names) {
		if n := &r.ec.names[id]; n.ok {
			return n.display
		}
		return ""
	}
	return r.extra[int(id)-len(r.ec.names)]
}

// canonical reports whether the key names an entity that some mention is
// linked to.
func (r *resolver) canonical(k string) bool {
	id, ok := r.ec.keyID[k]
	if !ok || !r.ec.names[id].ok {
		return false
	}
	t := r.ec.names[id].types
	return t[0]+t[1]+t[2]+t[3] > 0
}

// foldedInto returns the canonical entity a surface form is most often
// linked to.
func (r *resolver) foldedInto(surf uint32) (uint32, bool) {
	counts := map[uint32]int{}
	for di := range r.ec.docs {
		for _, m := range r.ec.docs[di].ms {
			if m.surf == surf {
				counts[m.canon]++
			}
		}
	}
	best, bn := uint32(0), 0
	for c, n := range counts {
		if n > bn || n == bn && c < best {
			best, bn = c, n
		}
	}
	return best, bn > 0
}

// lookup finds the effective entity a user means by name.
func (r *resolver) lookup(name string) (int32, error) {
	k := corpus.EntityKey(name)
	if k == "" {
		return -1, fmt.Errorf("%q is not an entity name", name)
	}
	try := []string{k}
	if canon, _, ok := corpus.BuiltinAlias(name, ""); ok {
		try = append(try, corpus.EntityKey(canon))
	}
	// Prefer a name that is canonical somewhere ("US" is only ever a
	// surface form of "United States").
	sort.SliceStable(try, func(i, j int) bool { return r.canonical(try[i]) && !r.canonical(try[j]) })
	for _, k := range try {
		if id, ok := r.ec.keyID[k]; ok {
			if !r.canonical(k) {
				// Only a surface form ("Merkel"): the entity it is folded into,
				// unless that one is split.
				if c, ok := r.foldedInto(id); ok && !r.split[c] {
					id = c
				}
			}
			e := r.canon[id]
			if e < 0 {
				return -1, fmt.Errorf("entity %q is ignored (parallax aliases unignore %q)", name, name)
			}
			return e, nil
		}
	}
	for i, e := range r.extra {
		if corpus.EntityKey(e) == k {
			return int32(len(r.ec.names) + i), nil
		}
	}
	for id, d := range r.display {
		if corpus.EntityKey(d) == k {
			return id, nil
		}
	}
	return -1, fmt.Errorf("no entity named %q in this corpus", name)
}

// ---- Queries ----

// EntityQuery selects articles and entities.
type EntityQuery struct {
	// Query selects the articles (its Text and Filters; paging and sort are
	// ignored). The zero Query is the whole corpus.
	Query Query
	// Types keeps entities of these types (PER, ORG, LOC, MISC); empty = all.
	Types []string
	// Outlets keeps articles from these outlets; empty = all.
	Outlets []string
	// From and To keep articles published in [From, To); zero = open.
	// Undated articles are dropped when either is set.
	From, To time.Time
	// MinCount drops entities (and, in Cooccur, pairs) seen fewer times.
	MinCount int
	// Top keeps the N first results (0 = all for Entities, 100 for Cooccur).
	Top int
	// Captions also counts mentions in image captions (off by default:
	// captions are kept apart).
	Captions bool
}

// EntityStat is one entity with its counts over the selected articles.
type EntityStat struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Count is the number of mentions, Docs the number of articles.
	Count int `json:"count"`
	Docs  int `json:"docs"`
	// ByOutlet is the number of mentions per outlet.
	ByOutlet map[string]int `json:"by_outlet,omitempty"`
	// Sentences is the number of sentences that mention it (Entities
	// fills it; Cooccur only for the sentence window).
	Sentences int `json:"sentences"`
}

// scope is the set of selected docs.
type scope struct {
	docs  []int32 // indexes into entCache.docs
	whole bool    // every doc, no filter
}

func (q *EntityQuery) hasArticleFilter() bool {
	return strings.TrimSpace(q.Query.Text) != "" || len(q.Query.Filters) > 0 || len(q.Outlets) > 0 || !q.From.IsZero() || !q.To.IsZero()
}

// selectDocs returns the docs matching q.
func (c *Corpus) selectDocs(ctx context.Context, ec *entCache, q *EntityQuery) (scope, error) {
	if !q.hasArticleFilter() {
		s := scope{docs: make([]int32, len(ec.docs)), whole: true}
		for i := range s.docs {
			s.docs[i] = int32(i)
		}
		return s, nil
	}
	var cand []int32
	if strings.TrimSpace(q.Query.Text) != "" || len(q.Query.Filters) > 0 {
		ids, err := c.matchingIDs(ctx, q.Query)
		if err != nil {
			return scope{}, err
		}
		cand = make([]int32, 0, len(ids))
		for _, id := range ids {
			if i, ok := ec.docIdx[id]; ok {
				cand = append(cand, i)
			}
		}
		slices.Sort(cand)
	} else {
		cand = make([]int32, len(ec.docs))
		for i := range cand {
			cand[i] = int32(i)
		}
	}
	return filterDocs(ec, q, cand), nil
}

// filterDocs keeps the candidate docs that pass the outlet and date
// filters of q.
func filterDocs(ec *entCache, q *EntityQuery, cand []int32) scope {
	var outlets map[uint32]bool
	if len(q.Outlets) > 0 {
		outlets = map[uint32]bool{}
		for i, o := range ec.outlets {
			for _, w := range q.Outlets {
				if strings.EqualFold(o, w) {
					outlets[uint32(i)] = true
				}
			}
		}
	}
	from, to := int64(0), int64(0)
	if !q.From.IsZero() {
		from = q.From.Unix()
	}
	if !q.To.IsZero() {
		to = q.To.Unix()
	}
	out := cand[:0]
	for _, i := range cand {
		d := &ec.docs[i]
		if outlets != nil && !outlets[d.outlet] {
			continue
		}
		if (from != 0 || to != 0) && d.published == 0 {
			continue
		}
		if from != 0 && d.published < from || to != 0 && d.published >= to {
			continue
		}
		out = append(out, i)
	}
	return scope{docs: out}
}

// matchingIDs runs a query and returns the ids of every matching article.
func (c *Corpus) matchingIDs(ctx context.Context, q Query) ([]string, error) {
	cq, err := c.compileQuery(q)
	if err != nil {
		return nil, err
	}
	n := int(max(1, c.docCount()))
	req := bleve.NewSearchRequestOptions(cq.q, n, 0, false)
	req.Score = "none"
	res, err := c.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, searchError(q, err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

func (c *Corpus) docCount() uint64 {
	n, err := c.idx.DocCount()
	if err != nil {
		return uint64(c.Count())
	}
	return n
}

// entityPass counts every effective entity over the scope.
type entityPass struct {
	count, docs, sents []int32
	types              [][4]int32
	byOutlet           []map[uint32]int32 // filled when wanted
	nDocs, nSents      int
	// affectedDocs are docs holding an entity the alias table changes.
	touched []bool // effective ids present in the scope
}

func (r *resolver) size() int { return len(r.ec.names) + len(r.extra) }

// countEntities counts mentions, articles and (when sentences is set)
// sentences per effective entity over the scope.
func (c *Corpus) countEntities(ec *entCache, r *resolver, s scope, captions, outlets, sentences bool) *entityPass {
	n := r.size()
	p := &entityPass{count: make([]int32, n), docs: make([]int32, n), sents: make([]int32, n), types: make([][4]int32, n)}
	if outlets {
		p.byOutlet = make([]map[uint32]int32, n)
	}
	var sb setBuf
	seen := make([]int32, n) // last doc+1 that counted this id
	for _, di := range s.docs {
		d := &ec.docs[di]
		p.nDocs++
		p.nSents += int(d.nsent)
		for i := range d.ms {
			m := &d.ms[i]
			if m.field == fCaptions && !captions {
				continue
			}
			id := r.resolve(m)
			if id < 0 {
				continue
			}
			p.count[id]++
			p.types[id][m.typ&3]++
			if seen[id] != di+1 {
				seen[id] = di + 1
				p.docs[id]++
			}
			if outlets {
				if p.byOutlet[id] == nil {
					p.byOutlet[id] = map[uint32]int32{}
				}
				p.byOutlet[id][d.outlet]++
			}
		}
		if !sentences {
			continue
		}
		// Sentence frequency: distinct (field, sentence, id).
		rec := docRec{ms: d.ms}
		sb.keyed = sb.keyed[:0]
		for i := range rec.ms {
			m := &rec.ms[i]
			if m.field == fCaptions && !captions {
				continue
			}
			if id := r.resolve(m); id >= 0 {
				sb.keyed = append(sb.keyed, uint64(m.field)<<56|uint64(m.sent)<<32|uint64(id))
			}
		}
		slices.Sort(sb.keyed)
		for _, k := range slices.Compact(sb.keyed) {
			p.sents[uint32(k)]++
		}
	}
	return p
}

// storedPass is countEntities over the whole corpus without captions and
// with no alias rule, read from the stats of the name records.
func storedPass(ec *entCache, r *resolver, sentences bool) *entityPass {
	n := r.size()
	p := &entityPass{count: make([]int32, n), docs: make([]int32, n), sents: make([]int32, n), types: make([][4]int32, n),
		nDocs: ec.nDocs, nSents: ec.nSents}
	for id := range ec.names {
		st := &ec.names[id].st
		for t, v := range st.types {
			p.types[id][t] = int32(v)
			p.count[id] += int32(v)
		}
		p.docs[id] = int32(st.docs)
		if sentences {
			p.sents[id] = int32(st.sents)
		}
	}
	return p
}

func (p *entityPass) typeOf(id int32) string {
	t := p.types[id]
	best := 0
	for i := 1; i < 4; i++ {
		if t[i] > t[best] {
			best = i
		}
	}
	return corpus.EntityTypes[best]
}

func (p *entityPass) stat(ec *entCache, r *resolver, id int32) EntityStat {
	s := EntityStat{ID: int(id), Name: r.name(id), Type: p.typeOf(id), Count: int(p.count[id]), Docs: int(p.docs[id]), Sentences: int(p.sents[id])}
	if p.byOutlet != nil && p.byOutlet[id] != nil {
		s.ByOutlet = map[string]int{}
		for o, n := range p.byOutlet[id] {
			s.ByOutlet[ec.outlets[o]] = int(n)
		}
	}
	return s
}

func typeSet(types []string) (map[string]bool, error) {
	if len(types) == 0 {
		return nil, nil
	}
	set := map[string]bool{}
	for _, t := range types {
		for _, x := range strings.Split(t, ",") {
			x = strings.ToUpper(strings.TrimSpace(x))
			if x == "" {
				continue
			}
			if !slices.Contains(corpus.EntityTypes, x) {
				return nil, fmt.Errorf("unknown entity type %q (want PER, ORG, LOC or MISC)", x)
			}
			set[x] = true
		}
	}
	return set, nil
}

// Entities lists the entities of the selected articles, most mentioned
// first, with their counts per outlet. Alias rules apply.
func (c *Corpus) Entities(ctx context.Context, q EntityQuery) ([]EntityStat, error) {
	types, err := typeSet(q.Types)
	if err != nil {
		return nil, err
	}
	ec, r, err := c.entsResolved()
	if err != nil {
		return nil, err
	}
	s, err := c.selectDocs(ctx, ec, &q)
	if err != nil {
		return nil, err
	}
	p := c.countEntities(ec, r, s, q.Captions, true, true)
	var ids []int32
	for id, n := range p.count {
		if n == 0 || int(n) < q.MinCount {
			continue
		}
		if types != nil && !types[p.typeOf(int32(id))] {
			continue
		}
		ids = append(ids, int32(id))
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if p.count[a] != p.count[b] {
			return p.count[a] > p.count[b]
		}
		if p.docs[a] != p.docs[b] {
			return p.docs[a] > p.docs[b]
		}
		return r.name(a) < r.name(b)
	})
	if q.Top > 0 && len(ids) > q.Top {
		ids = ids[:q.Top]
	}
	out := make([]EntityStat, len(ids))
	for i, id := range ids {
		out[i] = p.stat(ec, r, id)
	}
	return out, ctx.Err()
}

// Evidence is one place where two entities occur together.
type Evidence struct {
	ArticleID string    `json:"article_id"`
	Outlet    string    `json:"outlet"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	// Field is title, body or captions; Sentence its text; Start and End
	// the sentence's byte offsets in the field.
	Field    string `json:"field"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	// Window is "sentence" when both are in Sentence, "doc" when they are
	// only in the same article (Sentence then joins the first sentence
	// naming each with " … ").
	Window string `json:"window"`
}

// Evidence lists the sentences of the articles matching q in which the
// entities a and b occur together (newest articles first), then, for
// articles where they only share the article, the first sentence naming
// each. limit ≤ 0 means 100.
func (c *Corpus) Evidence(ctx context.Context, a, b string, q Query, limit int) ([]Evidence, error) {
	return c.EvidenceFor(ctx, a, b, EntityQuery{Query: q}, limit)
}

// EvidenceFor is Evidence over the articles eq selects (query, outlets,
// dates, captions); its entity filters do not apply.
func (c *Corpus) EvidenceFor(ctx context.Context, a, b string, eq EntityQuery, limit int) ([]Evidence, error) {
	if limit <= 0 {
		limit = 100
	}
	ec, r, err := c.entsResolved()
	if err != nil {
		return nil, err
	}
	ia, err := r.lookup(a)
	if err != nil {
		return nil, err
	}
	ib, err := r.lookup(b)
	if err != nil {
		return nil, err
	}
	s, err := c.selectDocs(ctx, ec, &eq)
	if err != nil {
		return nil, err
	}
	type hit struct {
		doc      int32
		sents    [][2]int // (field, sentence) with both
		fa, fb   [2]int   // first (field, sentence) of each
		together bool
	}
	var hits []hit
	for _, di := range s.docs {
		d := &ec.docs[di]
		var inA, inB map[[2]int]bool
		h := hit{doc: di, fa: [2]int{-1, -1}, fb: [2]int{-1, -1}}
		for i := range d.ms {
			m := &d.ms[i]
			if m.field == fCaptions && !eq.Captions {
				continue
			}
			id := r.resolve(m)
			if id != ia && id != ib {
				continue
			}
			k := [2]int{int(m.field), int(m.sent)}
			if id == ia {
				if inA == nil {
					inA = map[[2]int]bool{}
				}
				inA[k] = true
				if h.fa[0] < 0 || less2(k, h.fa) {
					h.fa = k
				}
			}
			if id == ib {
				if inB == nil {
					inB = map[[2]int]bool{}
				}
				inB[k] = true
				if h.fb[0] < 0 || less2(k, h.fb) {
					h.fb = k
				}
			}
		}
		if inA == nil || inB == nil {
			continue
		}
		for k := range inA {
			if inB[k] {
				h.sents = append(h.sents, k)
			}
		}
		sort.Slice(h.sents, func(i, j int) bool { return less2(h.sents[i], h.sents[j]) })
		h.together = len(h.sents) > 0
		hits = append(hits, h)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].together != hits[j].together {
			return hits[i].together
		}
		pi, pj := ec.docs[hits[i].doc].published, ec.docs[hits[j].doc].published
		if pi != pj {
			return pi > pj
		}
		return ec.docs[hits[i].doc].id < ec.docs[hits[j].doc].id
	})
	var out []Evidence
	for _, h := range hits {
		if len(out) >= limit || ctx.Err() != nil {
			break
		}
		art, err := c.Article(ec.docs[h.doc].id)
		if err != nil {
			continue
		}
		base := Evidence{ArticleID: art.ID, Outlet: art.Outlet, Title: art.Title, Published: art.Published}
		texts := [3]string{art.Title, art.Body, strings.Join(art.Captions, "\n\n")}
		var split [3][][2]int
		sent := func(k [2]int) (string, int, int, bool) {
			if split[k[0]] == nil {
				split[k[0]] = ner.Sentences(texts[k[0]])
			}
			ss := split[k[0]]
			if k[1] >= len(ss) {
				return "", 0, 0, false
			}
			st, en := ss[k[1]][0], ss[k[1]][1]
			return texts[k[0]][st:en], st, en, true
		}
		if h.together {
			for _, k := range h.sents {
				if len(out) >= limit {
					break
				}
				text, st, en, ok := sent(k)
				if !ok {
					continue
				}
				e := base
				e.Field, e.Sentence, e.Start, e.End, e.Window = entFieldNames[k[0]], oneSpace(text), st, en, corpus.WindowSentence
				out = append(out, e)
			}
			continue
		}
		ta, sa, _, okA := sent(h.fa)
		tb, _, eb, okB := sent(h.fb)
		if !okA || !okB {
			continue
		}
		e := base
		e.Field, e.Sentence, e.Start, e.End, e.Window = entFieldNames[h.fa[0]], oneSpace(ta)+" … "+oneSpace(tb), sa, eb, corpus.WindowDoc
		if h.fa[0] != h.fb[0] || less2(h.fb, h.fa) {
			e.Start, e.End = sa, sa+len(ta)
		}
		out = append(out, e)
	}
	return out, ctx.Err()
}

func less2(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// ReextractEntities runs the entity extractor again on every stored
// article (after a better model, or for a corpus imported before entities
// existed) and stores the ones whose entities changed, which updates the
// index and the entity tables. progress, when set, is called now and then.
func (c *Corpus) ReextractEntities(ctx context.Context, progress func(done, total int)) (changed int, err error) {
	var ids []string
	err = c.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bArticles).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	for start := 0; start < len(ids); start += 500 {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		chunk := ids[start:min(len(ids), start+500)]
		raw := make([][]byte, len(chunk))
		hasRec := make([]bool, len(chunk))
		err := c.db.View(func(tx *bolt.Tx) error {
			b, docs := tx.Bucket(bArticles), tx.Bucket(bEntDocs)
			for i, id := range chunk {
				if v := b.Get([]byte(id)); v != nil {
					raw[i] = slices.Clone(v)
				}
				hasRec[i] = docs != nil && docs.Get([]byte(id)) != nil
			}
			return nil
		})
		if err != nil {
			return changed, err
		}
		arts := make([]*corpus.Article, len(chunk))
		keep := make([]bool, len(arts))
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					a, err := decodeArticle(raw[i])
					if err != nil {
						continue
					}
					arts[i] = a
					old := a.Entities
					corpus.ExtractEntities(a)
					keep[i] = !hasRec[i] || !slices.Equal(old, a.Entities)
				}
			}()
		}
		for i := range arts {
			next <- i
		}
		close(next)
		wg.Wait()
		var batch corpus.Batch
		for i, a := range arts {
			if a != nil && keep[i] {
				batch.Articles = append(batch.Articles, *a)
			}
		}
		if len(batch.Articles) > 0 {
			if err := c.Put(ctx, batch); err != nil {
				return changed, err
			}
			changed += len(batch.Articles)
		}
		if progress != nil {
			progress(min(len(ids), start+500), len(ids))
		}
	}
	return changed, nil
}

// EntityTablesReady reports whether every stored article has an entity
// record (false for a corpus imported before entities were tracked).
func (c *Corpus) EntityTablesReady() bool {
	ready := true
	c.db.View(func(tx *bolt.Tx) error {
		arts, docs := tx.Bucket(bArticles).Stats().KeyN, 0
		if b := tx.Bucket(bEntDocs); b != nil {
			docs = b.Stats().KeyN
		}
		ready = docs >= arts
		return nil
	})
	return ready
}

// AliasSuggestion proposes merging Name into Into.
type AliasSuggestion struct {
	Name string `json:"name"`
	Into string `json:"into"`
	// Count and IntoCount are their mentions; Reason says why.
	Count     int    `json:"count"`
	IntoCount int    `json:"into_count"`
	Reason    string `json:"reason"`
}

// AliasSuggestions proposes merges the automatic linking cannot make
// within one article: a bare surname ("Trump") into the full name that
// dominates the corpus ("Donald Trump": at least two thirds of the
// mentions of full names with that surname), and an acronym into the
// organisation whose initials it spells ("NAACP"). Most mentioned first.
func (c *Corpus) AliasSuggestions(ctx context.Context, limit int) ([]AliasSuggestion, error) {
	ents, err := c.Entities(ctx, EntityQuery{MinCount: 2})
	if err != nil {
		return nil, err
	}
	type cand struct {
		e     EntityStat
		total int
	}
	surnames := map[string]*cand{}      // surname key → dominant full name
	surnameTotal := map[string]int{}    // surname key → mentions of all full names
	initials := map[string]EntityStat{} // initials → most mentioned ORG
	for _, e := range ents {
		words := strings.Fields(e.Name)
		if e.Type == "PER" && len(words) >= 2 {
			k := corpus.EntityKey(words[len(words)-1])
			surnameTotal[k] += e.Count
			if c := surnames[k]; c == nil || e.Count > c.e.Count {
				surnames[k] = &cand{e: e}
			}
		}
		if e.Type == "ORG" || e.Type == "MISC" {
			if in := nameInitials(words); len(in) >= 2 {
				if old, ok := initials[in]; !ok || e.Count > old.Count {
					initials[in] = e
				}
			}
		}
	}
	var out []AliasSuggestion
	for _, e := range ents {
		words := strings.Fields(e.Name)
		if len(words) != 1 {
			continue
		}
		k := corpus.EntityKey(e.Name)
		// The full form must be common in its own right, not a stray
		// mention that happens to end with the word.
		common := func(into EntityStat) bool { return into.Count >= 5 && into.Count*10 >= e.Count }
		if c := surnames[k]; c != nil && e.Type == "PER" && c.e.Count*3 >= surnameTotal[k]*2 && common(c.e) {
			out = append(out, AliasSuggestion{Name: e.Name, Into: c.e.Name, Count: e.Count, IntoCount: c.e.Count,
				Reason: fmt.Sprintf("surname; %d%% of full names with it", 100*c.e.Count/max(1, surnameTotal[k]))})
			continue
		}
		if _, _, builtin := corpus.BuiltinAlias(e.Name, ""); isAcronym(e.Name) && !builtin {
			if o, ok := initials[strings.ToUpper(strings.ReplaceAll(e.Name, ".", ""))]; ok && o.ID != e.ID && common(o) {
				out = append(out, AliasSuggestion{Name: e.Name, Into: o.Name, Count: e.Count, IntoCount: o.Count, Reason: "initials"})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// nameInitials are the capital initials of a multi-word name, skipping
// small words ("National Rifle Association" → "NRA").
func nameInitials(words []string) string {
	if len(words) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range words {
		switch strings.ToLower(w) {
		case "of", "the", "for", "and", "&", "in", "on", "to", "a", "an", "de", "du", "la":
			continue
		}
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			return ""
		}
		b.WriteRune(r[0])
	}
	return b.String()
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.':
		default:
			return false
		}
	}
	return letters >= 2
}
