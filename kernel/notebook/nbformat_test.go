package notebook

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// roundtrip.ipynb was written by Jupyter's nbformat (testdata/make_roundtrip.py).
func TestRoundTrip(t *testing.T) {
	want, err := os.ReadFile("testdata/roundtrip.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	nb, err := Read(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := Write(&got, nb); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("Write(Read(f)) differs from f:\n%s", firstDiff(got.String(), string(want)))
	}
}

func TestReadFields(t *testing.T) {
	nb, err := ReadFile("testdata/roundtrip.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if nb.Nbformat != 4 || nb.NbformatMinor != 5 || len(nb.Cells) != 5 {
		t.Fatalf("nbformat %d.%d with %d cells", nb.Nbformat, nb.NbformatMinor, len(nb.Cells))
	}
	c := nb.Cells[1]
	if c.Type != "code" || c.ID != "c1" || c.Source != "x := 1\nx + 1" || c.ExecutionCount != 1 || !c.HasTag("parameters") {
		t.Errorf("code cell read as %+v", c)
	}
	if len(c.Outputs) != 4 {
		t.Fatalf("%d outputs, want 4", len(c.Outputs))
	}
	if o := c.Outputs[0]; o.Type != "stream" || o.Name != "stdout" || o.Text != "line 1\nline 2\n" {
		t.Errorf("stream output read as %+v", o)
	}
	if html := c.Outputs[2].Data["text/html"]; html != "<p>a</p>\n<p>b</p>" {
		t.Errorf("text/html joined to %q", html)
	}
	if o := c.Outputs[3]; o.Type != "execute_result" || o.ExecutionCount != 1 || o.Data["text/plain"] != "2" {
		t.Errorf("execute_result read as %+v", o)
	}
	if o := nb.Cells[2].Outputs[0]; o.EName != "panic" || o.EValue != "boom" || len(o.Traceback) != 1 {
		t.Errorf("error output read as %+v", o)
	}
	if nb.Cells[3].ExecutionCount != 0 || nb.Cells[3].Source != "" {
		t.Errorf("empty unexecuted cell read as %+v", nb.Cells[3])
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"nbformat": 3, "nbformat_minor": 0, "cells": []}`, "nbformat 3 is not supported"},
		{`{"cells": []}`, `no integer "nbformat"`},
		{`{"nbformat": 4, "nbformat_minor": 5}`, `no "cells"`},
		{`[1, 2]`, "not a notebook"},
		{`{"nbformat": 4, "nbformat_minor": 5, "cells": [3]}`, "cell 1 is not a JSON object"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s): err = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		meta map[string]any
		want string
	}{
		{nil, ""},
		{map[string]any{"kernelspec": map[string]any{"language": "python"}}, "python"},
		{map[string]any{"language_info": map[string]any{"name": "go"}}, "go"},
		{map[string]any{"kernelspec": map[string]any{"name": "x"}, "language_info": map[string]any{"name": "go"}}, "go"},
	}
	for _, tt := range tests {
		if got := (&Notebook{Metadata: tt.meta}).Language(); got != tt.want {
			t.Errorf("Language() of %v = %q, want %q", tt.meta, got, tt.want)
		}
	}
}
