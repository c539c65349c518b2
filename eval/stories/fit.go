package main

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/parallax-research/parallax/index"
)

// fitRerank fits the re-ranking model of similar (index.RerankWeights) on
// the candidates of the labelled articles of the chosen events ("A" or "B":
// one half, see eventHalf; "all"), a candidate being positive when it
// belongs to the query's event. It is an L2-regularised logistic
// regression solved by Newton's method.
func fitRerank(ctx context.Context, c *index.Corpus, keys []string, gold map[string]string, members map[string][]string, days int, which string) error {
	type row struct {
		x [index.RerankFeatures]float64
		y float64
	}
	var rows []row
	pos := 0
	for _, id := range keys {
		ev := gold[id]
		if which != "all" && (eventHalf(ev) == 0) != (which == "A") {
			continue
		}
		if len(members[ev]) < 2 {
			continue
		}
		a, err := c.Article(id)
		if err != nil {
			return err
		}
		cs, err := c.SimilarCandidates(ctx, a, days, otherOutlets)
		if err != nil {
			return err
		}
		for _, x := range cs {
			y := 0.0
			if slices.Contains(members[ev], x.ID) {
				y = 1
				pos++
			}
			rows = append(rows, row{x.X, y})
		}
	}
	const n = index.RerankFeatures
	const lambda = 1.0
	var w [n]float64
	for iter := 0; iter < 50; iter++ {
		var g [n]float64
		var h [n][n]float64
		for _, r := range rows {
			z := 0.0
			for i := range n {
				z += w[i] * r.x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			for i := range n {
				g[i] += (p - r.y) * r.x[i]
				for j := range n {
					h[i][j] += p * (1 - p) * r.x[i] * r.x[j]
				}
			}
		}
		for i := 1; i < n; i++ { // the bias is not regularised
			g[i] += lambda * w[i]
			h[i][i] += lambda
		}
		h[0][0] += 1e-9
		step, ok := solve(h, g)
		if !ok {
			return fmt.Errorf("fit: singular system")
		}
		size := 0.0
		for i := range n {
			w[i] -= step[i]
			size = math.Max(size, math.Abs(step[i]))
		}
		if size < 1e-7 {
			break
		}
	}
	index.RerankWeights = w
	fmt.Printf("re-ranking fitted on events %s: %d candidates (%d positive); weights:", which, len(rows), pos)
	for i, x := range w {
		fmt.Printf(" %s %.4f,", index.RerankFeatureNames[i], x)
	}
	fmt.Println()
	return nil
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [index.RerankFeatures][index.RerankFeatures]float64, g [index.RerankFeatures]float64) ([index.RerankFeatures]float64, bool) {
	const n = index.RerankFeatures
	var x [n]float64
	for col := range n {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(h[r][col]) > math.Abs(h[p][col]) {
				p = r
			}
		}
		if math.Abs(h[p][col]) < 1e-12 {
			return x, false
		}
		h[col], h[p] = h[p], h[col]
		g[col], g[p] = g[p], g[col]
		for r := col + 1; r < n; r++ {
			f := h[r][col] / h[col][col]
			for k := col; k < n; k++ {
				h[r][k] -= f * h[col][k]
			}
			g[r] -= f * g[col]
		}
	}
	for r := n - 1; r >= 0; r-- {
		s := g[r]
		for k := r + 1; k < n; k++ {
			s -= h[r][k] * x[k]
		}
		x[r] = s / h[r][r]
	}
	return x, true
}
