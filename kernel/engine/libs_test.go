package engine

import (
	"strings"
	"testing"
)

// TestLibrariesAutoImport checks that Gopherlab's own packages are
// preloaded under their package names, so cells use them without import
// lines, and that a cell's variable of the same name still wins.
func TestLibrariesAutoImport(t *testing.T) {
	s := newSession(t)
	const mod = "github.com/gopherlab/gopherlab/"
	for name, path := range map[string]string{
		"nn": "lib/nn", "optim": "lib/optim", "train": "lib/train", "checkpoint": "lib/checkpoint",
		"metrics": "lib/metrics", "ops": "lib/ops", "blas": "lib/blas", "plots": "plots", "datasets": "datasets",
		"batch": "datasets/batch", "mnist": "datasets/mnist", "blobs": "datasets/blobs",
		"faces": "datasets/faces", "text": "datasets/text", "cmudict": "datasets/cmudict",
	} {
		if got := s.pkgs.byName[name]; got != mod+path {
			t.Errorf("%s auto-imports %q, want %q", name, got, mod+path)
		}
	}
	got, _ := run(t, s, `strings.Join(text.Words("O'er the hills"), "|")`)
	if !strings.Contains(got, "o'er|the|hills") {
		t.Errorf("text.Words through auto-import: %q", got)
	}
	// A cell variable named like a package shadows it.
	if got, _ := run(t, s, "text := \"mine\"\ntext + \"!\""); got != `"mine!"` {
		t.Errorf("variable text: %q", got)
	}
}

// TestLivePlotPublishes checks that New connects plots' publisher to the
// running cell: a live plot shows as a display with an id, then updates it.
func TestLivePlotPublishes(t *testing.T) {
	s := newSession(t)
	_, out := run(t, s, `live, err := plots.NewLive(plots.Title("loss"))
if err != nil {
	panic(err)
}
live.Add("train", 0, 1)
live.Flush()
live.Add("train", 1, 0.5)
live.Flush()`)
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.displays) < 2 {
		t.Fatalf("%d displays, want the live plot created and updated", len(out.displays))
	}
	first, last := out.displays[0], out.displays[len(out.displays)-1]
	if first.ID == "" || first.Update || !last.Update || last.ID != first.ID {
		t.Errorf("displays %+v ... %+v: want one id, created then updated", first.ID, last.ID)
	}
	if _, ok := last.Bundle["image/png"].([]byte); !ok {
		t.Errorf("live plot bundle has no PNG: %v", keys(last.Bundle))
	}
}

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	return k
}
