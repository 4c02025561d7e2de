package typesdata_test

import (
	"fmt"
	"go/types"

	"github.com/gopherlab/gopherlab/kernel/typesdata"
)

// An Importer gives go/types the preloaded packages' types with no Go
// toolchain: here a gonum method whose results a cell may range over.
func ExampleImporter() {
	imp := typesdata.NewImporter()
	mat, err := imp.Import("gonum.org/v1/gonum/mat")
	if err != nil {
		fmt.Println(err)
		return
	}
	dims, _, _ := types.LookupFieldOrMethod(mat.Scope().Lookup("Dense").Type(), true, mat, "Dims")
	fmt.Println(types.ObjectString(dims, types.RelativeTo(mat)))
	_, err = imp.Import("example.com/other")
	fmt.Println(err)
	// Output:
	// func (*Dense).Dims() (r int, c int)
	// no type information for example.com/other (not in the standard library)
}
