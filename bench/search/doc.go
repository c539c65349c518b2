// Command search-bench measures Parallax search on the AllSides corpus (and
// a synthetic 100k variant) against ripgrep over the same folder: p50/p95
// latency per query type in-process, the whole CLI process for a phrase
// query, and index size against input size. Run it with `make bench-search`.
package main
