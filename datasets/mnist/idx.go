package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// IDX is the content of an IDX file of unsigned bytes (type code 0x08), the
// only type MNIST uses.
type IDX struct {
	Dims []int
	Data []byte // row-major, len = product of Dims
}

// ReadIDX decodes an IDX file of unsigned bytes from r, gunzipping it first
// when it starts with the gzip magic number.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("bad gzip stream: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, errors.New("too short for an IDX header (need 4 bytes of magic number)")
	}
	m := binary.BigEndian.Uint32(magic[:])
	if magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] < 1 || magic[3] > 4 {
		return nil, fmt.Errorf("not an IDX file of bytes: magic number 0x%08x, want 0x00000801 (labels) or 0x00000803 (images)", m)
	}
	dims := make([]int, magic[3])
	total := int64(1)
	for i := range dims {
		var d [4]byte
		if _, err := io.ReadFull(br, d[:]); err != nil {
			return nil, fmt.Errorf("truncated IDX header: %d dimensions announced, file ends in dimension %d", len(dims), i+1)
		}
		dims[i] = int(binary.BigEndian.Uint32(d[:]))
		total *= int64(dims[i])
		if total > 1<<34 {
			return nil, fmt.Errorf("IDX header announces an implausible size %v", dims)
		}
	}
	data := make([]byte, total)
	n, err := io.ReadFull(br, data)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated: header announces %s = %d bytes of data, file has %d", shape(dims), total, n)
		}
		return nil, err
	}
	extra, err := io.Copy(io.Discard, br)
	if err != nil {
		return nil, fmt.Errorf("corrupt after its %d bytes of data: %w", total, err)
	}
	if extra > 0 {
		return nil, fmt.Errorf("%d bytes after the %d bytes of data that the header (%s) announces", extra, total, shape(dims))
	}
	return &IDX{Dims: dims, Data: data}, nil
}

func shape(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "x")
}

// readIDXFile reads path and checks it has want dimensions; errors name the
// file and the fix.
func readIDXFile(path string, want int, fix string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	idx, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %v; %s", path, err, fix)
	}
	if len(idx.Dims) != want {
		kind := map[int]string{1: "a labels file", 3: "an images file"}[want]
		return nil, fmt.Errorf("mnist: %s has %d dimensions (%s), want %d for %s; check which file is which", path, len(idx.Dims), shape(idx.Dims), want, kind)
	}
	return idx, nil
}
