// Command stories benchmarks event similarity, comparison and story
// clustering on the 37k-article AllSides corpus (../shared/data, imported
// once into a cache; see eval/stories/dataset) and prints the figures:
// similar per query, compare of two ~1,500-word articles, stories from
// scratch, and incremental assignment of 1,000 newly imported articles.
// It works on a copy of the cached corpus, which stays untouched. The
// 100k-article similar figure comes from "go test -bench Similar100k
// ./index" (synthetic vectors; make bench-stories runs both).
package main
