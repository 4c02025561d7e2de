package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Bundler is implemented by values that know their rich representation.
// Keys are MIME types; see Data.Bundle for the value types.
type Bundler interface {
	MIMEBundle() map[string]any
}

// PlotWidth and PlotHeight are the size at which a *plot.Plot renders.
const (
	PlotWidth  = 6 * vg.Inch
	PlotHeight = 4 * vg.Inch
)

// Raw returns a value that displays as content under a single MIME type,
// for types this package has no helper for (e.g. a Vega-Lite spec).
func Raw(mime string, content any) Bundler {
	return rawBundle{mime: mime, content: content}
}

type rawBundle struct {
	mime    string
	content any
}

// MIMEBundle returns the content with a text/plain form for plain-text
// front ends: the text itself for a text type, else the MIME type.
func (r rawBundle) MIMEBundle() map[string]any {
	plain := "<" + r.mime + ">"
	if s, ok := r.content.(string); ok {
		plain = s
	}
	return map[string]any{r.mime: r.content, "text/plain": plain}
}

// Bundled returns a value that renders as bundle, with v's text/plain
// form when bundle has none. The kernel uses it for values of types
// declared in cells: their methods are invisible to compiled code, so the
// interpreted side calls MIMEBundle and hands over the result.
func Bundled(bundle map[string]any, v any) Bundler {
	return bundled{bundle, v}
}

type bundled struct {
	bundle map[string]any
	v      any
}

func (b bundled) MIMEBundle() map[string]any { return b.bundle }

// Bundle returns the rich representation of v that Show and a cell's final
// value use: text/plain always, plus
//   - the bundle of a value with a MIMEBundle method,
//   - image/png for an image.Image or a gonum *plot.Plot (rendered at
//     PlotWidth x PlotHeight, 96 dpi).
//
// Strings show quoted, as Go source would write them; structs show their
// field names.
func Bundle(v any) map[string]any {
	switch x := v.(type) {
	case Bundler:
		b := x.MIMEBundle()
		out := make(map[string]any, len(b)+1)
		for k, c := range b {
			out[k] = c
		}
		if _, ok := out["text/plain"]; !ok {
			if b, ok := x.(bundled); ok {
				v = b.v
			}
			out["text/plain"] = PlainText(v)
		}
		return out
	case *plot.Plot:
		return pngBundle(v, func(w *bytes.Buffer) error {
			wt, err := x.WriterTo(PlotWidth, PlotHeight, "png")
			if err != nil {
				return err
			}
			_, err = wt.WriteTo(w)
			return err
		})
	case image.Image:
		return pngBundle(v, func(w *bytes.Buffer) error { return png.Encode(w, x) })
	}
	return map[string]any{"text/plain": PlainText(v)}
}

// pngBundle renders v with encode; a failure shows as text instead.
func pngBundle(v any, encode func(*bytes.Buffer) error) map[string]any {
	var buf bytes.Buffer
	if err := encode(&buf); err != nil {
		return map[string]any{"text/plain": fmt.Sprintf("%T (cannot render: %v)", v, err)}
	}
	return map[string]any{"image/png": buf.Bytes(), "text/plain": fmt.Sprintf("<%T>", v)}
}

// PlainText is the text/plain form of v: strings quoted, errors by their
// message, structs with field names, everything else as fmt's %v.
func PlainText(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case string:
		return strconv.Quote(x)
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct || (rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct) {
		return fmt.Sprintf("%+v", v)
	}
	return fmt.Sprintf("%v", v)
}
