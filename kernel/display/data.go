package display

import "encoding/base64"

// Data is one rich output of a cell: the same value in one or more MIME
// types, as Jupyter's display_data, update_display_data and execute_result
// messages carry it.
type Data struct {
	// Bundle maps a MIME type to its content: a string for text types
	// (text/plain, text/html, text/markdown, text/latex, image/svg+xml),
	// raw bytes for binary types (image/png, image/jpeg), and any
	// JSON-marshalable value for application/json.
	Bundle map[string]any
	// Metadata is Jupyter's per-MIME metadata (e.g. image sizes).
	Metadata map[string]any
	// ID is the transient display id; empty for a display that is never updated.
	ID string
	// Update marks a replacement of the display with this ID rather than a new one.
	Update bool
}

// Sink receives the displays of a running cell. The kernel installs one per
// execution; the headless runner and the REPL install their own.
type Sink interface {
	Display(d Data)
	ClearOutput(wait bool)
}

// JSONBundle returns the bundle as Jupyter's wire format wants it: binary
// contents base64-encoded, everything else as is.
func (d Data) JSONBundle() map[string]any {
	out := make(map[string]any, len(d.Bundle))
	for mime, v := range d.Bundle {
		if b, ok := v.([]byte); ok {
			out[mime] = base64.StdEncoding.EncodeToString(b)
			continue
		}
		out[mime] = v
	}
	return out
}
