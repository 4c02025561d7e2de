package preprocess

// Prelude is Go source the engine evaluates once in a fresh yaegi
// interpreter, after loading Symbols and before any rewritten cell: the
// helpers that rewritten cells call for min, max and clear, and interpreted
// versions of the generic slices and maps functions that yaegi v0.16.1 lacks.
// Its only import is PreludePath (a cell's later import of a package the
// Prelude imported would fail in yaegi) and every name starts with __gl.
// Each function takes the element type parameters only (E, not S ~[]E),
// which yaegi can instantiate; the rewriter writes the type arguments out
// when go/types knows them. Sorts of []int, []int64, []int32, []float64,
// []float32 and []string run compiled (slices.Sort, SortFunc and
// SortStableFunc through Symbols, so they match Go exactly); other element
// types use an interpreted bottom-up merge sort: stable, O(n log n) and
// without recursion.
const Prelude = `import __glfast "` + PreludePath + `"

type __glOrdered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func __glIsNaN[T __glOrdered](x T) bool { return x != x }

func __glMin[T __glOrdered](x T, ys ...T) T {
	for _, y := range ys {
		if __glIsNaN(x) {
			return x
		}
		if y < x || __glIsNaN(y) {
			x = y
		}
	}
	return x
}

func __glMax[T __glOrdered](x T, ys ...T) T {
	for _, y := range ys {
		if __glIsNaN(x) {
			return x
		}
		if y > x || __glIsNaN(y) {
			x = y
		}
	}
	return x
}

func __glClearMap[K comparable, V any](m map[K]V) {
	for k := range m {
		delete(m, k)
	}
}

func __glClearSlice[E any](s []E) {
	var zero E
	for i := range s {
		s[i] = zero
	}
}

func __glLess[E __glOrdered](a, b E) bool { return a < b || (__glIsNaN(a) && !__glIsNaN(b)) }

func __glCompare[E __glOrdered](a, b E) int {
	if __glLess(a, b) {
		return -1
	}
	if __glLess(b, a) {
		return 1
	}
	return 0
}

func __glMergeSort[E any](x []E, cmp func(a, b E) int) {
	n := len(x)
	buf := make([]E, n)
	src, dst := x, buf
	for width := 1; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := lo+width, lo+2*width
			if mid > n {
				mid = n
			}
			if hi > n {
				hi = n
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(src[j], src[i]) < 0 {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if n > 0 && &src[0] != &x[0] {
		copy(x, src)
	}
}

func __glSlicesSort[E __glOrdered](x []E) {
	switch s := any(x).(type) {
	case []int:
		__glfast.SortInt(s)
	case []int64:
		__glfast.SortInt64(s)
	case []int32:
		__glfast.SortInt32(s)
	case []float64:
		__glfast.SortFloat64(s)
	case []float32:
		__glfast.SortFloat32(s)
	case []string:
		__glfast.SortString(s)
	default:
		// A closure, not __glCompare[E]: yaegi cannot pass a generic
		// function instantiated with a type parameter.
		__glMergeSort(x, func(a, b E) int { return __glCompare(a, b) })
	}
}

func __glSlicesSortFunc[E any](x []E, cmp func(a, b E) int) {
	switch s := any(x).(type) {
	case []int:
		__glfast.SortFuncInt(s, any(cmp).(func(a, b int) int))
	case []int64:
		__glfast.SortFuncInt64(s, any(cmp).(func(a, b int64) int))
	case []int32:
		__glfast.SortFuncInt32(s, any(cmp).(func(a, b int32) int))
	case []float64:
		__glfast.SortFuncFloat64(s, any(cmp).(func(a, b float64) int))
	case []float32:
		__glfast.SortFuncFloat32(s, any(cmp).(func(a, b float32) int))
	case []string:
		__glfast.SortFuncString(s, any(cmp).(func(a, b string) int))
	default:
		__glMergeSort(x, cmp)
	}
}

func __glSlicesSortStableFunc[E any](x []E, cmp func(a, b E) int) {
	switch s := any(x).(type) {
	case []int:
		__glfast.SortStableFuncInt(s, any(cmp).(func(a, b int) int))
	case []int64:
		__glfast.SortStableFuncInt64(s, any(cmp).(func(a, b int64) int))
	case []int32:
		__glfast.SortStableFuncInt32(s, any(cmp).(func(a, b int32) int))
	case []float64:
		__glfast.SortStableFuncFloat64(s, any(cmp).(func(a, b float64) int))
	case []float32:
		__glfast.SortStableFuncFloat32(s, any(cmp).(func(a, b float32) int))
	case []string:
		__glfast.SortStableFuncString(s, any(cmp).(func(a, b string) int))
	default:
		__glMergeSort(x, cmp)
	}
}

func __glSlicesIsSorted[E __glOrdered](x []E) bool {
	for i := 1; i < len(x); i++ {
		if __glLess(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

func __glSlicesIsSortedFunc[E any](x []E, cmp func(a, b E) int) bool {
	for i := 1; i < len(x); i++ {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func __glSlicesMin[E __glOrdered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	return __glMin(x[0], x[1:]...)
}

func __glSlicesMax[E __glOrdered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	return __glMax(x[0], x[1:]...)
}

func __glSlicesMinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) < 0 {
			m = v
		}
	}
	return m
}

func __glSlicesMaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) > 0 {
			m = v
		}
	}
	return m
}

func __glSlicesBinarySearch[E __glOrdered](x []E, target E) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if __glLess(x[h], target) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo, lo < len(x) && __glCompare(x[lo], target) == 0
}

func __glSlicesBinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if cmp(x[h], target) < 0 {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo, lo < len(x) && cmp(x[lo], target) == 0
}

func __glSlicesAll[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

func __glSlicesValues[E any](s []E) func(func(E) bool) {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

func __glSlicesBackward[E any](s []E) func(func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

func __glSlicesAppendSeq[E any](s []E, seq func(func(E) bool)) []E {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

func __glSlicesCollect[E any](seq func(func(E) bool)) []E { return __glSlicesAppendSeq([]E(nil), seq) }

func __glSlicesSorted[E __glOrdered](seq func(func(E) bool)) []E {
	s := __glSlicesCollect(seq)
	__glSlicesSort(s)
	return s
}

func __glSlicesSortedFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := __glSlicesCollect(seq)
	__glSlicesSortFunc(s, cmp)
	return s
}

func __glSlicesSortedStableFunc[E any](seq func(func(E) bool), cmp func(E, E) int) []E {
	s := __glSlicesCollect(seq)
	__glSlicesSortStableFunc(s, cmp)
	return s
}

func __glSlicesRepeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	r := make([]E, 0, len(x)*count)
	for i := 0; i < count; i++ {
		r = append(r, x...)
	}
	return r
}

func __glSlicesDelete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)] // bounds check
	if i == j {
		return s
	}
	oldlen := len(s)
	s = append(s[:i], s[j:]...)
	__glClearSlice(s[len(s):oldlen])
	return s
}

func __glSlicesDeleteFunc[E any](s []E, del func(E) bool) []E {
	i := 0
	for _, v := range s {
		if !del(v) {
			s[i] = v
			i++
		}
	}
	__glClearSlice(s[i:])
	return s[:i]
}

func __glSlicesCompactFunc[E any](s []E, eq func(E, E) bool) []E {
	if len(s) < 2 {
		return s
	}
	for k := 1; k < len(s); k++ {
		if eq(s[k], s[k-1]) {
			s2 := s[k:]
			for k2 := 1; k2 < len(s2); k2++ {
				if !eq(s2[k2], s2[k2-1]) {
					s[k] = s2[k2]
					k++
				}
			}
			__glClearSlice(s[k:])
			return s[:k]
		}
	}
	return s
}

func __glSlicesCompact[E comparable](s []E) []E {
	return __glSlicesCompactFunc(s, func(a, b E) bool { return a == b })
}

func __glSlicesReplace[E any](s []E, i, j int, v ...E) []E {
	_ = s[i:j] // bounds check
	tail := append([]E(nil), s[j:]...)
	v = append([]E(nil), v...)
	oldlen := len(s)
	s = append(append(s[:i], v...), tail...)
	if len(s) < oldlen {
		__glClearSlice(s[len(s):oldlen])
	}
	return s
}

func __glSlicesConcat[E any](ss ...[]E) []E {
	n := 0
	for _, s := range ss {
		n += len(s)
	}
	r := make([]E, 0, n)
	for _, s := range ss {
		r = append(r, s...)
	}
	return r
}

func __glMapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func __glMapsValues[K comparable, V any](m map[K]V) func(func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

func __glMapsAll[K comparable, V any](m map[K]V) func(func(K, V) bool) {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

func __glMapsClone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	r := make(map[K]V, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}

func __glMapsInsert[K comparable, V any](m map[K]V, seq func(func(K, V) bool)) {
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
}

func __glMapsCollect[K comparable, V any](seq func(func(K, V) bool)) map[K]V {
	m := map[K]V{}
	__glMapsInsert(m, seq)
	return m
}
`
