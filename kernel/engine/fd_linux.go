package engine

import (
	"os"
	"syscall"
)

// dupFD returns a close-on-exec duplicate of fd.
func dupFD(fd int) (*os.File, error) {
	nfd, err := syscall.Dup(fd)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(nfd)
	return os.NewFile(uintptr(nfd), "fd-copy"), nil
}

// redirectFD makes fd refer to what from refers to.
func redirectFD(from, fd int) error { return syscall.Dup3(from, fd, 0) }

func writeFD(fd int, b []byte) { syscall.Write(fd, b) }
