// Command stories evaluates "parallax similar" and "parallax stories" on
// the labelled AllSides events of ../shared/data/stories-dev inside the
// 37k-article corpus ../shared/data/allsides-37k.tar.xz (the other 35k
// articles are distractors). It prints recall@1/5/10 and MRR of the other
// members of each event for similar, and B-cubed precision, recall and F1
// over the labelled articles for stories. Run it with "make eval-stories";
// -dev evaluates on the 2,039 stories-dev articles alone (fast).
package main
