package notebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Nbformat      int
	NbformatMinor int
	Metadata      map[string]any
	Cells         []*Cell
	extra         map[string]any // fields this package does not interpret
}

// Cell is one notebook cell.
type Cell struct {
	Type     string // "code", "markdown" or "raw"
	ID       string // required from nbformat 4.5 on
	Source   string
	Metadata map[string]any
	// ExecutionCount is the cell's prompt number; 0 for a code cell not
	// executed (null in the file).
	ExecutionCount int
	Outputs        []Output       // code cells only
	extra          map[string]any // e.g. attachments
}

// Output is one output of a code cell. Which fields are set depends on Type:
// "stream" (Name, Text), "display_data" (Data, Metadata), "execute_result"
// (Data, Metadata, ExecutionCount) or "error" (EName, EValue, Traceback).
type Output struct {
	Type           string
	Name           string
	Text           string
	Data           map[string]any // MIME type -> content; binary types base64
	Metadata       map[string]any
	ExecutionCount int
	EName          string
	EValue         string
	Traceback      []string
	extra          map[string]any
}

// GopherlabMetadata returns the notebook's metadata.gopherlab, where
// Gopherlab records how a notebook was run (parameters, the run itself),
// creating it when missing.
func (nb *Notebook) GopherlabMetadata() map[string]any {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	meta, _ := nb.Metadata["gopherlab"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		nb.Metadata["gopherlab"] = meta
	}
	return meta
}

// Language returns the notebook's language as its metadata records it
// (kernelspec.language, else language_info.name), or "" if it does not.
func (nb *Notebook) Language() string {
	for _, key := range [][2]string{{"kernelspec", "language"}, {"language_info", "name"}} {
		if m, ok := nb.Metadata[key[0]].(map[string]any); ok {
			if s, ok := m[key[1]].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// Tags returns the cell's metadata.tags.
func (c *Cell) Tags() []string {
	list, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range list {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell is tagged tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// ReadFile reads the notebook in the named file.
func ReadFile(name string) (*Notebook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	nb, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return nb, nil
}

// WriteFile writes nb to the named file.
func WriteFile(name string, nb *Notebook) error {
	var buf bytes.Buffer
	if err := Write(&buf, nb); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}

// Read decodes an nbformat 4 notebook. Numbers are kept as written.
func Read(r io.Reader) (*Notebook, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	major, err := intField(m, "nbformat")
	if err != nil {
		return nil, err
	}
	if major != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported: convert the notebook to nbformat 4 with `jupyter nbconvert --to notebook --nbformat 4`", major)
	}
	minor, err := intField(m, "nbformat_minor")
	if err != nil {
		return nil, err
	}
	nb := &Notebook{Nbformat: major, NbformatMinor: minor, Metadata: mapField(m, "metadata")}
	cells, _ := m["cells"].([]any)
	if _, ok := m["cells"]; !ok {
		return nil, fmt.Errorf("not a notebook: no \"cells\" field")
	}
	for i, c := range cells {
		cm, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cell %d is not a JSON object", i+1)
		}
		cell, err := readCell(cm)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, cell)
	}
	delete(m, "nbformat")
	delete(m, "nbformat_minor")
	delete(m, "metadata")
	delete(m, "cells")
	nb.extra = m
	return nb, nil
}

func readCell(m map[string]any) (*Cell, error) {
	c := &Cell{Metadata: mapField(m, "metadata"), Source: joinLines(m["source"])}
	c.Type, _ = m["cell_type"].(string)
	c.ID, _ = m["id"].(string)
	for _, k := range []string{"cell_type", "id", "source", "metadata"} {
		delete(m, k)
	}
	if c.Type == "code" {
		if n, ok := m["execution_count"].(json.Number); ok {
			i, err := n.Int64()
			if err != nil {
				return nil, fmt.Errorf("execution_count %s: %w", n, err)
			}
			c.ExecutionCount = int(i)
		}
		outs, _ := m["outputs"].([]any)
		for j, o := range outs {
			om, ok := o.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("output %d is not a JSON object", j+1)
			}
			c.Outputs = append(c.Outputs, readOutput(om))
		}
		delete(m, "execution_count")
		delete(m, "outputs")
	}
	c.extra = m
	return c, nil
}

func readOutput(m map[string]any) Output {
	o := Output{}
	o.Type, _ = m["output_type"].(string)
	o.Name, _ = m["name"].(string)
	o.Text = joinLines(m["text"])
	o.EName, _ = m["ename"].(string)
	o.EValue, _ = m["evalue"].(string)
	if n, ok := m["execution_count"].(json.Number); ok {
		i, _ := n.Int64()
		o.ExecutionCount = int(i)
	}
	if tb, ok := m["traceback"].([]any); ok {
		o.Traceback = []string{}
		for _, l := range tb {
			s, _ := l.(string)
			o.Traceback = append(o.Traceback, s)
		}
	}
	if d, ok := m["data"].(map[string]any); ok {
		for mime, v := range d {
			if !isJSONMIME(mime) {
				if _, isList := v.([]any); isList {
					d[mime] = joinLines(v)
				}
			}
		}
		o.Data = d
	}
	if md, ok := m["metadata"].(map[string]any); ok {
		o.Metadata = md
	}
	for _, k := range []string{"output_type", "name", "text", "ename", "evalue", "execution_count", "traceback", "data", "metadata"} {
		delete(m, k)
	}
	o.extra = m
	return o
}

// Write encodes nb as Jupyter does (nbformat.write): keys sorted, one-space
// indent, no HTML escaping, sources and text outputs split into lines.
func Write(w io.Writer, nb *Notebook) error {
	m := copyMap(nb.extra)
	m["nbformat"] = nb.Nbformat
	m["nbformat_minor"] = nb.NbformatMinor
	m["metadata"] = nonNil(nb.Metadata)
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.toMap()
	}
	m["cells"] = cells
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(m)
}

func (c *Cell) toMap() map[string]any {
	m := copyMap(c.extra)
	m["cell_type"] = c.Type
	m["metadata"] = nonNil(c.Metadata)
	m["source"] = splitLines(c.Source)
	if c.ID != "" {
		m["id"] = c.ID
	}
	if c.Type == "code" {
		m["execution_count"] = nil
		if c.ExecutionCount > 0 {
			m["execution_count"] = c.ExecutionCount
		}
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			outs[i] = o.toMap()
		}
		m["outputs"] = outs
	}
	return m
}

func (o Output) toMap() map[string]any {
	m := copyMap(o.extra)
	m["output_type"] = o.Type
	switch o.Type {
	case "stream":
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case "display_data", "execute_result":
		data := make(map[string]any, len(o.Data))
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && splitMIME(mime) {
				data[mime] = splitLines(s)
			} else {
				data[mime] = v
			}
		}
		m["data"] = data
		m["metadata"] = nonNil(o.Metadata)
		if o.Type == "execute_result" {
			m["execution_count"] = o.ExecutionCount
		}
	case "error":
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		m["traceback"] = o.Traceback
		if o.Traceback == nil {
			m["traceback"] = []string{}
		}
	}
	return m
}

// splitMIME reports whether nbformat stores string content of this MIME type
// as a list of lines (nbformat.v4.rwbase._split_mimebundle).
func splitMIME(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "image/svg+xml" || mime == "application/javascript"
}

func isJSONMIME(mime string) bool {
	return mime == "application/json" || strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json")
}

// splitLines splits s after each "\n", as Python's str.splitlines(True).
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// joinLines turns a multiline string field (a string or a list of strings)
// into a string.
func joinLines(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, l := range v {
			s, _ := l.(string)
			b.WriteString(s)
		}
		return b.String()
	}
	return ""
}

func intField(m map[string]any, key string) (int, error) {
	n, ok := m[key].(json.Number)
	if !ok {
		return 0, fmt.Errorf("not a notebook: no integer %q field", key)
	}
	i, err := n.Int64()
	if err != nil {
		return 0, fmt.Errorf("not a notebook: %q is %s", key, n)
	}
	return int(i), nil
}

func mapField(m map[string]any, key string) map[string]any {
	if v, ok := m[key].(map[string]any); ok {
		return v
	}
	return map[string]any{}
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+6)
	for k, v := range m {
		out[k] = v
	}
	return out
}
