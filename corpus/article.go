package corpus

import (
	"time"
)

// Article is one news article after reading and cleaning. It is the unit the
// importer hands to a Sink and the unit the index stores.
type Article struct {
	// ID is stable for the same normalised content: see MakeID.
	ID string `json:"id"`
	// Path is the slash-separated path of the file the article came from,
	// relative to the import root (or absolute for single files). For
	// multi-article files (JSONL, CSV, zip) it carries a "#N" or "!entry" suffix.
	Path string `json:"path"`
	// Copies lists other paths whose normalised content was identical.
	Copies []string `json:"copies,omitempty"`
	// Format is the reader that produced the article: txt, md, html, json,
	// jsonl, csv, tsv, eml, pdf, docx.
	Format string `json:"format"`
	// Outlet is the normalised outlet name, "unknown" when nothing said.
	Outlet  string   `json:"outlet"`
	Title   string   `json:"title"`
	Authors []string `json:"authors,omitempty"`
	// Published is the zero time when the article is undated.
	Published time.Time `json:"published,omitzero"`
	// DateSource says where Published came from: "metadata", "manifest",
	// "filename", "dateline", or "" when undated.
	DateSource string `json:"date_source,omitempty"`
	URL        string `json:"url,omitempty"`
	// Lang is an ISO 639-1 code ("en", "fr", ...) or "" when unknown.
	Lang string `json:"lang,omitempty"`
	// Body is the cleaned main text: paragraphs separated by "\n\n".
	Body string `json:"body"`
	// Captions are paragraphs recognised as image captions and moved out of Body.
	Captions []string `json:"captions,omitempty"`
	// Removed are lines cut as boilerplate (footers, share lines, ...), kept for audit.
	Removed []string `json:"removed,omitempty"`
	// Meta holds custom metadata fields (unrecognised JSON/CSV fields, extra
	// manifest columns). Keys are lower-case identifiers.
	Meta map[string]string `json:"meta,omitempty"`
	// Entities are the named-entity mentions found in title, body and captions.
	Entities []Entity `json:"entities,omitempty"`
	// NearDups lists ids of near-duplicate articles (syndicated copy).
	NearDups []string `json:"near_dups,omitempty"`
	// Source records the file the article was read from, for incremental import.
	Source SourceFile `json:"source,omitzero"`
}

// SourceFile identifies the bytes an article was read from.
type SourceFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
	// Hash is the hex SHA-256 of the file's bytes (first 16 bytes are enough).
	Hash string `json:"hash"`
}

// Entity is one mention of a named entity.
type Entity struct {
	Text string `json:"text"`
	// Type is PER, ORG, LOC or MISC.
	Type string `json:"type"`
	// Start and End are byte offsets into the field the mention sits in.
	Start int `json:"start"`
	End   int `json:"end"`
	// Field is "title", "body" or "captions" (captions joined by "\n\n").
	Field string `json:"field"`
	// Canonical is the normalised name the mention was linked to.
	Canonical string `json:"canonical"`
	// Sentence is the index of the sentence (within Field) holding the mention.
	Sentence int `json:"sentence"`
}

// Dated reports whether the article has a publication date.
func (a *Article) Dated() bool { return !a.Published.IsZero() }
