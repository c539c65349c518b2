// Package ner is Parallax's named-entity recogniser: a pure-Go, offline
// tagger for PER, ORG, LOC and MISC mentions in English news text.
//
// It owns
//   - news-aware tokenization (Tokenize) and sentence splitting
//     (Sentences), with byte offsets into the original text;
//   - the tagger (Tagger, Default, Extract, TagTokens): an averaged
//     structured perceptron over hashed features (word forms, shapes,
//     affixes, neighbours, word clusters and case statistics learnt from
//     unlabelled news, a gazetteer of training entities, and document-level
//     features such as how a word is cased elsewhere in the article and how
//     earlier occurrences were tagged), decoded with Viterbi over BILOU
//     label transitions;
//   - the embedded model file model.gz, loaded once by Default;
//   - training and evaluation (Train, BuildLexicon, ReadCoNLL, Evaluate),
//     used by the commands cmd/nertrain and cmd/nereval.
//
// The model is trained only on the CoNLL-2003 English training split plus
// unlabelled news text; run "go run ./corpus/ner/cmd/nertrain" from the
// repository root to rebuild model.gz and "go run ./corpus/ner/cmd/nereval"
// to score it on the dev split. Neither part-of-speech nor chunk columns are
// used, so the tagger works on raw text.
package ner
