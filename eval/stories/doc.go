// Command stories evaluates "parallax similar" and "parallax stories" on
// the labelled AllSides events of ../shared/data/stories-dev inside the
// 37k-article corpus ../shared/data/allsides-37k.tar.xz (the other 35k
// articles are distractors). It prints recall@1/5/10 and MRR of the other
// members of each event for similar, and B-cubed precision, recall and F1
// over the labelled articles for stories. Run it with "make eval-stories";
// -dev evaluates on the 2,039 stories-dev articles alone (fast).
//
// -fit A, -fit B or -fit all fits the re-ranking model of similar
// (index.RerankWeights) on the candidates of half A, half B or all of the
// events (halves by a hash of the event id) and evaluates with it; recall@5
// is printed for each half, so a model fitted on one half is checked on
// the other. -urldates reports how accurate the days read from URLs
// (corpus.URLDayModel) and the content estimates of undated articles are.
package main
