package plots

import (
	"fmt"
	"math"

	"gorgonia.org/tensor"
)

// values converts a data argument to float64s, with its shape (nil for
// plain slices). what names the argument in errors.
func values(what string, v any) ([]float64, []int, error) {
	switch v := v.(type) {
	case []float64:
		return v, nil, nil
	case []float32:
		return convert(v), nil, nil
	case []int:
		return convert(v), nil, nil
	case []int64:
		return convert(v), nil, nil
	case []int32:
		return convert(v), nil, nil
	case []uint8:
		return convert(v), nil, nil
	case *tensor.Dense:
		if v == nil {
			return nil, nil, errorf("%s: the tensor is nil", what)
		}
		t := v
		if t.IsMaterializable() {
			t = t.Materialize().(*tensor.Dense)
		}
		shape := append([]int(nil), t.Shape()...)
		switch d := t.Data().(type) {
		case float32:
			return []float64{float64(d)}, shape, nil
		case float64:
			return []float64{d}, shape, nil
		default:
			vs, _, err := values(what, d)
			if err != nil {
				return nil, nil, errorf("%s: tensor of %v is not supported; use float32, float64 or int", what, t.Dtype())
			}
			return vs, shape, nil
		}
	case nil:
		return nil, nil, errorf("%s is nil; pass a []float64, []float32, []int or *tensor.Dense", what)
	default:
		return nil, nil, errorf("%s has type %T; pass a []float64, []float32, []int or *tensor.Dense", what, v)
	}
}

func convert[T float32 | int | int64 | int32 | uint8](xs []T) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// vector is values for one-dimensional data: it rejects tensors with more
// than one non-unit dimension.
func vector(what string, v any) ([]float64, error) {
	vs, shape, err := values(what, v)
	if err != nil {
		return nil, err
	}
	big := 0
	for _, d := range shape {
		if d > 1 {
			big++
		}
	}
	if big > 1 {
		return nil, errorf("%s: tensor of shape %v is not a vector; reshape or slice it to one dimension", what, shape)
	}
	return vs, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
