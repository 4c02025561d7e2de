package preprocess

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestPreludeMatchesStdlib runs the slices and maps functions on the same
// data in yaegi (through Rewrite and the Prelude) and compiled (the real
// standard library), and compares what they print.
func TestPreludeMatchesStdlib(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	ints := make([]int, 200)
	for i := range ints {
		ints[i] = rng.Intn(50) - 25
	}
	floats := []float64{2.5, -1, math.NaN(), 7, 0, -3.25}
	type pair struct{ K, V int }
	type C float64
	pairs := make([]pair, 60)
	for i := range pairs {
		pairs[i] = pair{rng.Intn(5), i}
	}
	m := map[string]int{"b": 2, "a": 1, "c": 3}

	intsLit := strings.ReplaceAll(fmt.Sprint(ints), " ", ", ")
	pairsLit := ""
	for _, p := range pairs {
		pairsLit += fmt.Sprintf("{%d, %d}, ", p.K, p.V)
	}
	cell := `import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
)
type pair struct{ K, V int }
type C float64
func main() {
	ints := []int{` + intsLit[1:len(intsLit)-1] + `}
	floats := []float64{2.5, -1, math.NaN(), 7, 0, -3.25}
	pairs := []pair{` + pairsLit + `}
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	fmt.Println(slices.Min(ints), slices.Max(ints), slices.IsSorted(ints))
	fmt.Println(slices.Min(floats), slices.Max(floats), min(floats[0], floats[2]), max(1, floats[1]))
	s := slices.Clone(ints)
	slices.Sort(s)
	fmt.Println(s, slices.IsSorted(s))
	for _, x := range []int{-25, 0, 3, 24, 99} {
		i, ok := slices.BinarySearch(s, x)
		fmt.Print(i, ok, " ")
	}
	fmt.Println()
	f := slices.Clone(floats)
	slices.Sort(f)
	fmt.Println(f)
	slices.SortFunc(s, func(a, b int) int { return b - a })
	fmt.Println(s, slices.IsSortedFunc(s, func(a, b int) int { return b - a }))
	p := slices.Clone(pairs)
	slices.SortStableFunc(p, func(a, b pair) int { return a.K - b.K })
	fmt.Println(p)
	i, ok := slices.BinarySearchFunc(p, 3, func(e pair, k int) int { return e.K - k })
	fmt.Println(i, ok, slices.MinFunc(p, func(a, b pair) int { return a.V - b.V }), slices.MaxFunc(p, func(a, b pair) int { return a.K - b.K }))
	fmt.Println(slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Values(m)), slices.Collect(slices.Values(ints[:5])))
	for i, v := range slices.Backward(ints[:3]) { fmt.Print(i, v, " ") }
	for i, v := range slices.All(ints[:3]) { fmt.Print(i, v, " ") }
	fmt.Println(slices.Repeat(ints[:2], 3), slices.AppendSeq([]int{9}, slices.Values(ints[:2])))
	c := maps.Clone(m)
	c["d"] = 4
	maps.Insert(c, maps.All(map[string]int{"e": 5}))
	fmt.Println(len(m), len(c), maps.Collect(maps.All(c)))
	fmt.Println(slices.Delete(slices.Clone(ints[:9]), 2, 5), slices.DeleteFunc(slices.Clone(ints[:9]), func(x int) bool { return x < 0 }))
	d := slices.Clone(ints[:20])
	slices.Sort(d)
	fmt.Println(slices.Compact(d), slices.CompactFunc(slices.Clone(ints[:20]), func(a, b int) bool { return a/10 == b/10 }))
	fmt.Println(slices.Replace(slices.Clone(ints[:6]), 1, 3, 7, 8, 9), slices.Replace(slices.Clone(ints[:6]), 1, 5, 0), slices.Concat(ints[:2], nil, ints[2:4]))
	cs := []C{2.5, C(math.NaN()), -1, 2.5, 0}
	slices.Sort(cs)
	fmt.Println(cs, slices.IsSorted(cs))
	abs := func(a, b int) int { return cmp.Compare(a*a, b*b) }
	st := slices.Clone(ints[:30])
	slices.SortStableFunc(st, abs)
	fmt.Println(st, slices.SortedStableFunc(slices.Values(ints[:30]), abs), slices.SortedFunc(slices.Values(floats), cmp.Compare[float64]))
	clear(c)
	clear(s)
	fmt.Println(len(c), s[:3])
}`
	src, err := Rewrite(cell)
	if err != nil {
		t.Fatal(err)
	}
	got, err := yaegiRun(t, src)
	if err != nil {
		t.Fatalf("yaegi: %v\n%s", err, src)
	}

	var b strings.Builder
	fmt.Fprintln(&b, slices.Min(ints), slices.Max(ints), slices.IsSorted(ints))
	fmt.Fprintln(&b, slices.Min(floats), slices.Max(floats), min(floats[0], floats[2]), max(1, floats[1]))
	s := slices.Clone(ints)
	slices.Sort(s)
	fmt.Fprintln(&b, s, slices.IsSorted(s))
	for _, x := range []int{-25, 0, 3, 24, 99} {
		i, ok := slices.BinarySearch(s, x)
		fmt.Fprint(&b, i, ok, " ")
	}
	fmt.Fprintln(&b)
	f := slices.Clone(floats)
	slices.Sort(f)
	fmt.Fprintln(&b, f)
	slices.SortFunc(s, func(a, b int) int { return b - a })
	fmt.Fprintln(&b, s, slices.IsSortedFunc(s, func(a, b int) int { return b - a }))
	p := slices.Clone(pairs)
	slices.SortStableFunc(p, func(a, b pair) int { return a.K - b.K })
	fmt.Fprintln(&b, p)
	i, ok := slices.BinarySearchFunc(p, 3, func(e pair, k int) int { return e.K - k })
	fmt.Fprintln(&b, i, ok, slices.MinFunc(p, func(a, b pair) int { return a.V - b.V }), slices.MaxFunc(p, func(a, b pair) int { return a.K - b.K }))
	fmt.Fprintln(&b, slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Values(m)), slices.Collect(slices.Values(ints[:5])))
	for i, v := range slices.Backward(ints[:3]) {
		fmt.Fprint(&b, i, v, " ")
	}
	for i, v := range slices.All(ints[:3]) {
		fmt.Fprint(&b, i, v, " ")
	}
	fmt.Fprintln(&b, slices.Repeat(ints[:2], 3), slices.AppendSeq([]int{9}, slices.Values(ints[:2])))
	c := maps.Clone(m)
	c["d"] = 4
	maps.Insert(c, maps.All(map[string]int{"e": 5}))
	fmt.Fprintln(&b, len(m), len(c), maps.Collect(maps.All(c)))
	fmt.Fprintln(&b, slices.Delete(slices.Clone(ints[:9]), 2, 5), slices.DeleteFunc(slices.Clone(ints[:9]), func(x int) bool { return x < 0 }))
	d := slices.Clone(ints[:20])
	slices.Sort(d)
	fmt.Fprintln(&b, slices.Compact(d), slices.CompactFunc(slices.Clone(ints[:20]), func(a, b int) bool { return a/10 == b/10 }))
	fmt.Fprintln(&b, slices.Replace(slices.Clone(ints[:6]), 1, 3, 7, 8, 9), slices.Replace(slices.Clone(ints[:6]), 1, 5, 0), slices.Concat(ints[:2], nil, ints[2:4]))
	cs := []C{2.5, C(math.NaN()), -1, 2.5, 0}
	slices.Sort(cs)
	fmt.Fprintln(&b, cs, slices.IsSorted(cs))
	abs := func(a, b int) int { return cmp.Compare(a*a, b*b) }
	st := slices.Clone(ints[:30])
	slices.SortStableFunc(st, abs)
	fmt.Fprintln(&b, st, slices.SortedStableFunc(slices.Values(ints[:30]), abs), slices.SortedFunc(slices.Values(floats), cmp.Compare[float64]))
	clear(c)
	clear(s)
	fmt.Fprintln(&b, len(c), s[:3])

	if got != b.String() {
		gl, wl := strings.Split(got, "\n"), strings.Split(b.String(), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Errorf("line %d:\n yaegi: %s\n go:    %s", i+1, gl[i], wl[i])
			}
		}
		if len(gl) != len(wl) {
			t.Errorf("yaegi printed %d lines, go %d", len(gl), len(wl))
		}
	}
}
