package plots

import (
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot/palette"
)

// stops are the colour maps by name, as evenly spaced colours that are
// interpolated linearly: viridis and magma sampled from matplotlib at tenths,
// coolwarm from Moreland's diverging map.
var stops = map[string][]uint32{
	"viridis":  {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725},
	"magma":    {0x000004, 0x140e36, 0x3b0f70, 0x641a80, 0x8c2981, 0xb73779, 0xde4968, 0xf7705c, 0xfe9f6d, 0xfecf92, 0xfcfdbf},
	"coolwarm": {0x3b4cc0, 0x5977e3, 0x7b9ff9, 0x9ebeff, 0xc0d4f5, 0xdddcdc, 0xf2cbb7, 0xf7ac8e, 0xee8468, 0xd65244, 0xb40426},
	"gray":     {0x000000, 0xffffff},
}

// ramp is a palette.ColorMap interpolating evenly spaced colours.
type ramp struct {
	cols     []color.RGBA
	min, max float64
}

func colormap(name string) (*ramp, error) {
	if name == "" {
		name = "viridis"
	}
	hex, ok := stops[strings.ToLower(name)]
	if !ok {
		names := make([]string, 0, len(stops))
		for n := range stops {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, errorf("Cmap(%q): unknown colour map; use one of %s", name, strings.Join(names, ", "))
	}
	r := &ramp{max: 1}
	for _, h := range hex {
		r.cols = append(r.cols, rgb(h))
	}
	return r, nil
}

// at returns the colour at t in [0,1] (clamped).
func (r *ramp) at(t float64) color.RGBA {
	if !(t > 0) { // also NaN
		return r.cols[0]
	}
	if t >= 1 {
		return r.cols[len(r.cols)-1]
	}
	pos := t * float64(len(r.cols)-1)
	i := int(pos)
	f := pos - float64(i)
	a, b := r.cols[i], r.cols[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 255}
}

// At implements palette.ColorMap.
func (r *ramp) At(v float64) (color.Color, error) {
	if v < r.min || v > r.max {
		return nil, palette.ErrOverflow
	}
	return r.at((v - r.min) / (r.max - r.min)), nil
}

// Max implements palette.ColorMap.
func (r *ramp) Max() float64 { return r.max }

// Min implements palette.ColorMap.
func (r *ramp) Min() float64 { return r.min }

// SetMax implements palette.ColorMap.
func (r *ramp) SetMax(v float64) { r.max = v }

// SetMin implements palette.ColorMap.
func (r *ramp) SetMin(v float64) { r.min = v }

// SetAlpha implements palette.ColorMap; colour maps here are opaque.
func (r *ramp) SetAlpha(float64) {}

// Alpha implements palette.ColorMap.
func (r *ramp) Alpha() float64 { return 1 }

// Palette implements palette.ColorMap.
func (r *ramp) Palette(n int) palette.Palette {
	cols := make([]color.Color, n)
	for i := range cols {
		cols[i] = r.at(float64(i) / float64(max(n-1, 1)))
	}
	return plainPalette(cols)
}

type plainPalette []color.Color

// Colors implements palette.Palette.
func (p plainPalette) Colors() []color.Color { return p }
