// Package ner is Parallax's named-entity recogniser: a pure-Go, offline
// tagger for PER, ORG, LOC and MISC mentions in English news text.
//
// It owns
//   - news-aware tokenization (Tokenize) and sentence splitting
//     (Sentences), with byte offsets into the original text;
//   - the tagger (Tagger, Default, Extract, TagTokens): an averaged
//     structured perceptron over hashed features, decoded with Viterbi over
//     BILOU label transitions. Features: word forms, shapes, affixes and
//     neighbours; word clusters and mid-sentence capitalisation rates
//     learnt from unlabelled news; a gazetteer of the training entities
//     (jack-knifed while training); and document-level features: how a word
//     is cased elsewhere in the article, the neighbours of its other
//     capitalised occurrences, and how the model tagged it earlier;
//   - the embedded model file model.gz (well under 1 MB), loaded once by
//     Default;
//   - a fast tagging path (fast.go, decode.go) that computes exactly the
//     scores of the training features from per-word cached sums, small
//     per-model tables and a decoder that skips hopeless predecessors;
//     tests check it against the featurizer label for label;
//   - training and evaluation (Train, BuildLexicon, ReadCoNLL, Evaluate),
//     used by the commands cmd/nertrain and cmd/nereval.
//
// Extract treats its input as one document, drops single-token mentions
// that are pronouns, determiners or common words, and trims words that are
// capitalised only because they start a sentence or sit in a headline.
//
// The model is trained only on the CoNLL-2003 English training split plus
// unlabelled news text (the allsides archive, read through the xz tool).
// From the repository root, "go run ./corpus/ner/cmd/nertrain" rebuilds
// model.gz deterministically and "go run ./corpus/ner/cmd/nereval" scores it
// on the dev split and measures tagging speed. Neither part-of-speech nor
// chunk columns are used, so the tagger works on raw text.
package ner
