package symdoc

import (
	"fmt"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct{ path, name, want string }{
		{"strings", "ToUpper", "ToUpper returns s with all Unicode letters mapped to their upper case."},
		{"strings", "Builder.WriteString", "WriteString appends the contents of s"},
		{"gonum.org/v1/gonum/mat", "NewDense", "NewDense creates a new Dense matrix"},
		{"strings", "NoSuchThing", ""},
	}
	for _, tt := range tests {
		got := Lookup(tt.path, tt.name)
		if (tt.want == "") != (got == "") || !strings.HasPrefix(got, tt.want) {
			t.Errorf("Lookup(%q, %q) = %q, want %q...", tt.path, tt.name, got, tt.want)
		}
	}
}

func ExampleLookup() {
	fmt.Println(Lookup("strings", "TrimSpace"))
	// Output: TrimSpace returns a slice (substring) of the string s, with all leading and trailing white space removed, as defined by Unicode.
}
