//go:build !linux

package repl

import "errors"

func makeRaw(int, bool) (func(), error) {
	return nil, errors.New("raw terminal mode is only implemented on Linux")
}

func isTerminal(int) bool { return false }
