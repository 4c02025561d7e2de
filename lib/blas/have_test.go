package blas

import (
	"os"
	"os/exec"
	"strings"
)

// haveOpenBLAS reports whether the dynamic loader knows libopenblas.so.0 and
// this test build can use it (cgo on, not forced to gonum).
func haveOpenBLAS() bool {
	if os.Getenv("GOPHERLAB_BLAS") == "gonum" || !cgoEnabled {
		return false
	}
	out, err := exec.Command("/sbin/ldconfig", "-p").Output()
	return err == nil && strings.Contains(string(out), "libopenblas.so.0")
}
