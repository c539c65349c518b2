// Command genicon draws Parallax's icon (assets/icon.png): three offset
// columns of text lines on a dark rounded square, the same story seen from
// three outlets. Run from the repository root: go run ./assets/internal/genicon
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

func main() {
	const n = 512
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	bg := color.NRGBA{0x1d, 0x2b, 0x4a, 0xff}
	cols := []color.NRGBA{{0x4f, 0xc3, 0xf7, 0xff}, {0xff, 0xb7, 0x4d, 0xff}, {0xef, 0x53, 0x50, 0xff}}
	inRounded := func(x, y, x0, y0, x1, y1, r float64) bool {
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			if inRounded(fx, fy, 16, 16, n-16, n-16, 96) {
				img.SetNRGBA(x, y, bg)
			}
			for i, c := range cols {
				x0 := 88 + float64(i)*120
				off := float64(i) * 36
				for line := 0; line < 6; line++ {
					y0 := 110 + off + float64(line)*44
					w := 96.0
					if line%3 == 2 {
						w = 64
					}
					if inRounded(fx, fy, x0, y0, x0+w, y0+22, 11) {
						img.SetNRGBA(x, y, c)
					}
				}
			}
		}
	}
	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
