package preprocess

import (
	"context"
	"testing"
)

// TestGoListImporter checks that a package of this module gets types: the
// range over maps.Keys of a display.Data field is only rewritten when the
// rewriter knows the field's type.
func TestGoListImporter(t *testing.T) {
	imp, err := GoListImporter(context.Background(), ".", "github.com/gopherlab/gopherlab/kernel/display", "maps")
	if err != nil {
		t.Fatal(err)
	}
	cell := `import (
	"maps"
	"github.com/gopherlab/gopherlab/kernel/display"
)
var d display.Data
for k := range maps.Keys(d.Bundle) { println(k) }`
	want := `import (
	"maps"
	"github.com/gopherlab/gopherlab/kernel/display"
)
var d display.Data
__glMapsKeys[string, any](d.Bundle)(func(k string) bool { println(k) ; return true })`

	r := New()
	r.Importer = imp
	got, err := r.Rewrite(cell)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	r = New()
	r.Importer = failImporter{}
	if got, _ := r.Rewrite(cell); got == want {
		t.Errorf("the rewrite happened without the package's types; the test proves nothing")
	}

	if _, err := GoListImporter(context.Background(), ".", "example.com/no/such/pkg"); err == nil {
		t.Errorf("GoListImporter of a missing package succeeded")
	}
}
