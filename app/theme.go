package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colour names Parallax adds to the theme. Entity colours are picked to
// read on both the light and the dark background (contrast ≥ 4.5:1).
const (
	colorEntityPER  fyne.ThemeColorName = "parallax.entity.PER"
	colorEntityORG  fyne.ThemeColorName = "parallax.entity.ORG"
	colorEntityLOC  fyne.ThemeColorName = "parallax.entity.LOC"
	colorEntityMISC fyne.ThemeColorName = "parallax.entity.MISC"
)

// entityColors are [light, dark] variants.
var entityColors = map[fyne.ThemeColorName][2]color.NRGBA{
	colorEntityPER:  {{R: 0xa3, G: 0x1f, B: 0x57, A: 0xff}, {R: 0xff, G: 0x8a, B: 0xb8, A: 0xff}}, // rose
	colorEntityORG:  {{R: 0x1d, G: 0x5f, B: 0xa8, A: 0xff}, {R: 0x86, G: 0xbd, B: 0xff, A: 0xff}}, // blue
	colorEntityLOC:  {{R: 0x1e, G: 0x6e, B: 0x2e, A: 0xff}, {R: 0x7d, G: 0xdc, B: 0x8c, A: 0xff}}, // green
	colorEntityMISC: {{R: 0x85, G: 0x4d, B: 0x0e, A: 0xff}, {R: 0xf2, G: 0xb8, B: 0x6b, A: 0xff}}, // amber
}

func entityColorName(typ string) fyne.ThemeColorName {
	switch typ {
	case "PER":
		return colorEntityPER
	case "ORG":
		return colorEntityORG
	case "LOC":
		return colorEntityLOC
	}
	return colorEntityMISC
}

// seriesPalette colours chart series (outlets); readable on both variants.
var seriesPalette = []color.NRGBA{
	{R: 0x3b, G: 0x82, B: 0xf6, A: 0xff}, {R: 0xef, G: 0x44, B: 0x44, A: 0xff}, {R: 0x10, G: 0xb9, B: 0x81, A: 0xff},
	{R: 0xf5, G: 0x9e, B: 0x0b, A: 0xff}, {R: 0x8b, G: 0x5c, B: 0xf6, A: 0xff}, {R: 0xec, G: 0x48, B: 0x99, A: 0xff},
	{R: 0x06, G: 0xb6, B: 0xd4, A: 0xff}, {R: 0x84, G: 0xcc, B: 0x16, A: 0xff}, {R: 0x94, G: 0xa3, B: 0xb8, A: 0xff},
}

func seriesColor(i int) color.Color { return seriesPalette[i%len(seriesPalette)] }

// parallaxTheme is the system's theme (light or dark, following the OS)
// plus Parallax's own colours.
type parallaxTheme struct{ fyne.Theme }

func newTheme(base fyne.Theme) fyne.Theme {
	if base == nil {
		base = theme.DefaultTheme()
	}
	if t, ok := base.(*parallaxTheme); ok {
		return t
	}
	return &parallaxTheme{base}
}

func (t *parallaxTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := entityColors[n]; ok {
		if v == theme.VariantDark {
			return c[1]
		}
		return c[0]
	}
	return t.Theme.Color(n, v)
}

// Font ignores the style bits that are not font faces (underline, tab
// width), and picks the one monospace face, so every style the screens use
// resolves in any theme.
func (t *parallaxTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		s = fyne.TextStyle{Symbol: true}
	case s.Monospace:
		s = fyne.TextStyle{Monospace: true}
	default:
		s = fyne.TextStyle{Bold: s.Bold, Italic: s.Italic}
	}
	return t.Theme.Font(s)
}
