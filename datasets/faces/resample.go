package faces

import "math"

// tap is one source pixel's weight in an output pixel.
type tap struct {
	src int
	w   float32
}

// areaTaps returns, for each of n output pixels covering the source interval
// [lo, lo+length), the source pixels it overlaps weighted by overlap, summing
// to 1: box filtering, antialiased when shrinking. Indices are clamped to
// [0, size).
func areaTaps(lo, length float64, n, size int) [][]tap {
	step := length / float64(n)
	taps := make([][]tap, n)
	for j := range taps {
		a, b := lo+float64(j)*step, lo+float64(j+1)*step
		for k := int(math.Floor(a)); float64(k) < b; k++ {
			w := math.Min(b, float64(k+1)) - math.Max(a, float64(k))
			if w <= 1e-9 {
				continue
			}
			taps[j] = append(taps[j], tap{min(max(k, 0), size-1), float32(w / step)})
		}
	}
	return taps
}

// resample area-resamples the box (x0, y0, w, h) of the planar image src
// (c planes of sh x sw) to dst (c planes of dh x dw).
func resample(src []float32, c, sh, sw int, x0, y0, w, h float64, dst []float32, dh, dw int) {
	xt := areaTaps(x0, w, dw, sw)
	yt := areaTaps(y0, h, dh, sh)
	row := make([]float32, dw)
	for ch := 0; ch < c; ch++ {
		plane := src[ch*sh*sw : (ch+1)*sh*sw]
		out := dst[ch*dh*dw : (ch+1)*dh*dw]
		clear(out)
		for oy, ys := range yt {
			o := out[oy*dw : (oy+1)*dw]
			for _, ty := range ys {
				srow := plane[ty.src*sw : (ty.src+1)*sw]
				for ox, xs := range xt {
					var v float32
					for _, tx := range xs {
						v += srow[tx.src] * tx.w
					}
					row[ox] = v
				}
				for ox := range o {
					o[ox] += row[ox] * ty.w
				}
			}
		}
	}
}
