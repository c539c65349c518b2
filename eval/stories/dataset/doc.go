// Package dataset locates, unpacks and imports the evaluation data of the
// stories evaluation and benchmark: the 37k-article AllSides corpus
// (../shared/data/allsides-37k.tar.xz) and the labelled stories-dev set
// (../shared/data/stories-dev). Data is read at run time, never copied into
// the repository; unpacked files and imported corpora are cached in the
// system temporary directory, keyed by path, so later runs reuse them.
package dataset
