//go:build !linux

package engine

import (
	"errors"
	"os"
)

var errNoCapture = errors.New("file descriptor capture is implemented on Linux only; set Options.CaptureFDs to false")

func dupFD(int) (*os.File, error) { return nil, errNoCapture }

func redirectFD(int, int) error { return errNoCapture }

func writeFD(int, []byte) {}
