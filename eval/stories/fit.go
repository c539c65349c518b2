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
	var rows, points []row
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
			}
			points = append(points, row{x.X, y})
		}
		if fitPairwise {
			// Every (member, non-member) pair of the query's candidates,
			// both ways round: the model learns to order them.
			for _, p := range cs {
				if !slices.Contains(members[ev], p.ID) {
					continue
				}
				pos++
				for _, n := range cs {
					if slices.Contains(members[ev], n.ID) {
						continue
					}
					var d [index.RerankFeatures]float64
					for i := range d {
						d[i] = p.X[i] - n.X[i]
					}
					rows = append(rows, row{d, 1})
					for i := range d {
						d[i] = -d[i]
					}
					rows = append(rows, row{d, 0})
				}
			}
			continue
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
	if fitPairwise {
		// Calibrate: a logistic fit of the members on a·(w·x) + b, so the
		// score reads as a probability; a > 0 keeps the order.
		var ab [2]float64
		for iter := 0; iter < 50; iter++ {
			var g [2]float64
			var h [2][2]float64
			for _, r := range points {
				z := 0.0
				for i := range n {
					z += w[i] * r.x[i]
				}
				f := [2]float64{z, 1}
				p := 1 / (1 + math.Exp(-(ab[0]*z + ab[1])))
				for i := range 2 {
					g[i] += (p - r.y) * f[i]
					for j := range 2 {
						h[i][j] += p * (1 - p) * f[i] * f[j]
					}
				}
			}
			det := h[0][0]*h[1][1] - h[0][1]*h[1][0]
			if math.Abs(det) < 1e-12 {
				break
			}
			s0 := (h[1][1]*g[0] - h[0][1]*g[1]) / det
			s1 := (h[0][0]*g[1] - h[1][0]*g[0]) / det
			ab[0] -= s0
			ab[1] -= s1
			if math.Max(math.Abs(s0), math.Abs(s1)) < 1e-9 {
				break
			}
		}
		for i := range w {
			w[i] *= ab[0]
		}
		w[0] += ab[1]
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
