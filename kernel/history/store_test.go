package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func inputs(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Input)
	}
	return out
}

func mustOpen(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestHistoryAcrossSessions(t *testing.T) {
	dir := t.TempDir()
	s1 := mustOpen(t, dir)
	if s1.Session() != 1 {
		t.Fatalf("first session = %d", s1.Session())
	}
	for i, in := range []string{"x := 1", "x + 1", "fmt.Println(x)"} {
		out := ""
		if i == 1 {
			out = "2"
		}
		if err := s1.Add(i+1, in, out); err != nil {
			t.Fatal(err)
		}
	}
	s1.Close()
	if err := s1.Add(4, "late", ""); err == nil {
		t.Error("Add after Close succeeded")
	}

	s2 := mustOpen(t, dir)
	if s2.Session() != 2 {
		t.Fatalf("second session = %d", s2.Session())
	}
	s2.Add(1, "y := 2", "")
	tail, err := s2.Tail(2)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(inputs(tail), "|"); got != "fmt.Println(x)|y := 2" {
		t.Errorf("tail = %q", got)
	}
	if tail[0].Session != 1 || tail[0].Line != 3 || tail[1].Session != 2 || tail[1].Line != 1 {
		t.Errorf("tail entries = %+v", tail)
	}
	// Entries added after the first query are seen too.
	s2.Add(2, "y * 3", "6")
	r, _ := s2.Range(0, 2, 0)
	if len(r) != 1 || r[0].Input != "y * 3" || r[0].Output == nil || *r[0].Output != "6" {
		t.Errorf("range(current, 2..) = %+v", r)
	}
	prev, _ := s2.Range(-1, 2, 3)
	if len(prev) != 1 || prev[0].Input != "x + 1" || *prev[0].Output != "2" {
		t.Errorf("range(previous, 2..3) = %+v", prev)
	}
	abs, _ := s2.Range(1, 1, 0)
	if len(abs) != 3 {
		t.Errorf("range(1, 1..) = %+v", abs)
	}
	if big, _ := s2.Tail(100); len(big) != 5 {
		t.Errorf("tail(100) has %d entries, want 5", len(big))
	}
}

func TestSearch(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	for i, in := range []string{"a := 1", "a / 2", "b := 3", "a / 2", "fmt.Println(\"a\nb\")", "é := 1"} {
		s.Add(i+1, in, "")
	}
	cases := []struct {
		pattern string
		n       int
		unique  bool
		want    string
	}{
		{"a*", 0, false, "a := 1|a / 2|a / 2"},
		{"a*", 0, true, "a := 1|a / 2"},
		{"a*", 2, false, "a / 2|a / 2"},
		{"*:=*", 0, false, "a := 1|b := 3|é := 1"},
		{"? := 1", 0, false, "a := 1|é := 1"},
		{"[ab] := *", 0, false, "a := 1|b := 3"},
		{"[!a] := *", 0, false, "b := 3|é := 1"},
		{"*a*b*", 0, false, "fmt.Println(\"a\nb\")"}, // * spans newlines
		{"a", 0, false, ""},                          // whole-input match
		{"a.*", 0, false, ""},                        // regexp characters are literal
	}
	for _, tc := range cases {
		got, err := s.Search(tc.pattern, tc.n, tc.unique)
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(inputs(got), "|"); g != tc.want {
			t.Errorf("Search(%q, %d, %v) = %q, want %q", tc.pattern, tc.n, tc.unique, g, tc.want)
		}
	}
	if _, err := s.Search("[abc", 0, false); err == nil || !strings.Contains(err.Error(), "unclosed") {
		t.Errorf("bad glob: err = %v", err)
	}
}

func TestTornLineSkipped(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	s.Add(1, "ok", "")
	f, _ := os.OpenFile(filepath.Join(dir, "history.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"session":1,"line":2,"inp`)
	f.Close()
	got, err := mustOpen(t, dir).Tail(10)
	if err != nil || len(got) != 1 || got[0].Input != "ok" {
		t.Errorf("tail = %+v, %v", got, err)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("GOPHERLAB_HISTORY_DIR", "/h")
	if d, _ := DefaultDir(); d != "/h" {
		t.Errorf("with GOPHERLAB_HISTORY_DIR: %q", d)
	}
	t.Setenv("GOPHERLAB_HISTORY_DIR", "")
	t.Setenv("JUPYTER_DATA_DIR", "/j")
	if d, _ := DefaultDir(); d != filepath.Join("/j", "gopherlab", "history") {
		t.Errorf("with JUPYTER_DATA_DIR: %q", d)
	}
}

func TestConcurrentOpensGetDistinctSessions(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	got := make(chan int, n)
	for range n {
		go func() {
			s, err := Open(dir)
			if err != nil {
				got <- -1
				return
			}
			defer s.Close()
			got <- s.Session()
		}()
	}
	seen := map[int]bool{}
	for range n {
		seen[<-got] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			t.Errorf("sessions %v lack %d", seen, i)
		}
	}
}
