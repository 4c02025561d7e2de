package cpu

import "math"

// Channel-wise kernels view x as n×c×s: n samples, c channels, s positions per
// channel (H·W for images, 1 for n×c matrices).

// BiasAddForward writes y = x + b[channel].
func BiasAddForward[T Float](n, c, s int, x, b, y []T) {
	For(n*c, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			bv := b[r%c]
			yr := y[r*s : (r+1)*s]
			for i, v := range x[r*s : (r+1)*s] {
				yr[i] = v + bv
			}
		}
	})
}

// ChannelSum writes db[ch] = the sum of dy over samples and positions.
func ChannelSum[T Float](n, c, s int, dy, db []T) {
	For(c, func(_, lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			var sum T
			for i := 0; i < n; i++ {
				for _, v := range dy[(i*c+ch)*s:][:s] {
					sum += v
				}
			}
			db[ch] = sum
		}
	})
}

// BatchNormStats computes per-channel mean and biased variance of x.
// Accumulation is in float64 for accuracy.
func BatchNormStats[T Float](n, c, s int, x, mean, variance []T) {
	m := float64(n * s)
	For(c, func(_, lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			var sum float64
			for i := 0; i < n; i++ {
				for _, v := range x[(i*c+ch)*s:][:s] {
					sum += float64(v)
				}
			}
			mu := sum / m
			var sq float64
			for i := 0; i < n; i++ {
				for _, v := range x[(i*c+ch)*s:][:s] {
					d := float64(v) - mu
					sq += d * d
				}
			}
			mean[ch], variance[ch] = T(mu), T(sq/m)
		}
	})
}

// InvStd writes invstd[ch] = 1/sqrt(variance[ch]+eps).
func InvStd[T Float](variance []T, eps float64, invstd []T) {
	for i, v := range variance {
		invstd[i] = T(1 / math.Sqrt(float64(v)+eps))
	}
}

// BatchNormForward writes y = gamma·(x-mean)·invstd + beta per channel.
func BatchNormForward[T Float](n, c, s int, x, mean, invstd, gamma, beta, y []T) {
	For(n*c, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			ch := r % c
			a := gamma[ch] * invstd[ch]
			b := beta[ch] - mean[ch]*a
			yr := y[r*s : (r+1)*s]
			for i, v := range x[r*s : (r+1)*s] {
				yr[i] = v*a + b
			}
		}
	})
}

// BatchNormParamGrads writes dgamma = Σ dy·x̂ and dbeta = Σ dy per channel,
// where x̂ = (x-mean)·invstd.
func BatchNormParamGrads[T Float](n, c, s int, x, dy, mean, invstd, dgamma, dbeta []T) {
	For(c, func(_, lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			var sdy, sdyx float64
			mu := float64(mean[ch])
			for i := 0; i < n; i++ {
				off := (i*c + ch) * s
				xs := x[off : off+s]
				for j, d := range dy[off : off+s] {
					sdy += float64(d)
					sdyx += float64(d) * (float64(xs[j]) - mu)
				}
			}
			dgamma[ch], dbeta[ch] = T(sdyx*float64(invstd[ch])), T(sdy)
		}
	})
}

// BatchNormBackward writes dx given dgamma and dbeta from BatchNormParamGrads.
// With batchStats the mean and invstd were computed from x itself (training),
// so dx includes their gradients; otherwise they were constants (eval).
func BatchNormBackward[T Float](n, c, s int, x, dy, mean, invstd, gamma, dgamma, dbeta []T, batchStats bool, dx []T) {
	m := T(n * s)
	For(n*c, func(_, lo, hi int) {
		for r := lo; r < hi; r++ {
			ch := r % c
			k := gamma[ch] * invstd[ch]
			dxr, xr := dx[r*s:(r+1)*s], x[r*s:(r+1)*s]
			if !batchStats {
				for i, d := range dy[r*s : (r+1)*s] {
					dxr[i] = d * k
				}
				continue
			}
			// dx = γ·σ⁻¹·(dy - Σdy/m - x̂·Σ(dy·x̂)/m)
			mdb, mdg := dbeta[ch]/m, dgamma[ch]/m
			mu, is := mean[ch], invstd[ch]
			for i, d := range dy[r*s : (r+1)*s] {
				xh := (xr[i] - mu) * is
				dxr[i] = k * (d - mdb - xh*mdg)
			}
		}
	})
}

// EmbeddingForward writes row ids[i] of table (v×d) as row i of y.
func EmbeddingForward[T Float](d int, table, ids, y []T) {
	For(len(ids), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			r := int(ids[i])
			copy(y[i*d:(i+1)*d], table[r*d:(r+1)*d])
		}
	})
}

// EmbeddingBackward writes dtable (v×d, fully overwritten): row ids[i] of
// it accumulates row i of dy.
func EmbeddingBackward[T Float](d int, ids, dy, dtable []T) {
	clear(dtable)
	for i, id := range ids {
		addTo(dtable[int(id)*d:(int(id)+1)*d], dy[i*d:(i+1)*d])
	}
}
