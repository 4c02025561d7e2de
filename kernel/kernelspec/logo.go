package kernelspec

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// The logo is a REPL prompt, a white ">_" on a Go-blue rounded square,
// described once on a 64x64 canvas and rendered both as SVG and as PNG.
const (
	logoSize   = 64.0
	logoRadius = 14.0 // corner radius of the background
	logoStroke = 7.0  // width of the prompt's strokes, with round caps
)

var (
	logoBlue = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	// Each stroke is a polyline of (x, y) points.
	logoStrokes = [][][2]float64{
		{{17, 18}, {32, 32}, {17, 46}}, // ">"
		{{37, 45}, {49, 45}},           // "_"
	}
)

// LogoSVG returns the logo as an SVG document.
func LogoSVG() string {
	var d strings.Builder
	for _, s := range logoStrokes {
		for i, p := range s {
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%g %g ", cmd, p[0], p[1])
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g">
  <rect width="%g" height="%g" rx="%g" fill="#%02X%02X%02X"/>
  <path d="%s" fill="none" stroke="#FFFFFF" stroke-width="%g" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`, logoSize, logoSize, logoSize, logoSize, logoSize, logoSize, logoRadius,
		logoBlue.R, logoBlue.G, logoBlue.B, strings.TrimSpace(d.String()), logoStroke)
}

// LogoPNG returns the logo as a size x size PNG, anti-aliased by sampling
// each pixel on a 4x4 grid.
func LogoPNG(size int) []byte {
	const sub = 4
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := logoSize / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var bg, fg float64 // covered fractions
			for sy := 0; sy < sub; sy++ {
				for sx := 0; sx < sub; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/sub) * scale
					y := (float64(py) + (float64(sy)+0.5)/sub) * scale
					if inRoundedSquare(x, y) {
						bg++
						if onStroke(x, y) {
							fg++
						}
					}
				}
			}
			bg /= sub * sub
			fg /= sub * sub
			if bg == 0 {
				continue
			}
			// Straight (non-premultiplied) colour: white over blue in the
			// covered part, alpha from the background's coverage.
			mix := func(c uint8) uint8 {
				return uint8(math.Round((float64(c)*(bg-fg) + 255*fg) / bg))
			}
			img.SetNRGBA(px, py, color.NRGBA{mix(logoBlue.R), mix(logoBlue.G), mix(logoBlue.B), uint8(math.Round(255 * bg))})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory NRGBA image cannot fail
	}
	return buf.Bytes()
}

func inRoundedSquare(x, y float64) bool {
	// Distance from the inner square (inset by the radius) must be <= radius.
	cx := math.Max(logoRadius-x, math.Max(0, x-(logoSize-logoRadius)))
	cy := math.Max(logoRadius-y, math.Max(0, y-(logoSize-logoRadius)))
	return x >= 0 && y >= 0 && x <= logoSize && y <= logoSize && cx*cx+cy*cy <= logoRadius*logoRadius
}

func onStroke(x, y float64) bool {
	for _, s := range logoStrokes {
		for i := 1; i < len(s); i++ {
			if segmentDist(x, y, s[i-1], s[i]) <= logoStroke/2 {
				return true
			}
		}
	}
	return false
}

func segmentDist(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((x-a[0])*dx + (y-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-(a[0]+t*dx), y-(a[1]+t*dy))
}
