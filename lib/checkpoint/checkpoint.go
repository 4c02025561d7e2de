package checkpoint

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
	"gorgonia.org/tensor"
)

// Magic starts every checkpoint file.
const Magic = "GLABCKPT"

// Version is the file format version this package writes.
const Version = 1

// maxHeader bounds the header length read from a file, so a corrupt file
// cannot make Read allocate gigabytes.
const maxHeader = 64 << 20

// State is the content of a checkpoint.
type State struct {
	Step    int
	Epoch   int
	Tensors map[string]*tensor.Dense
	Scalars map[string]float64
	Strings map[string]string
}

// NewState returns an empty state at the given step and epoch.
func NewState(step, epoch int) *State {
	return &State{Step: step, Epoch: epoch, Tensors: map[string]*tensor.Dense{},
		Scalars: map[string]float64{}, Strings: map[string]string{}}
}

type header struct {
	Step    int                `json:"step"`
	Epoch   int                `json:"epoch"`
	Scalars map[string]float64 `json:"scalars,omitempty"`
	Strings map[string]string  `json:"strings,omitempty"`
	Tensors []entry            `json:"tensors"`
	CRC32   uint32             `json:"crc32"`
}

type entry struct {
	Name   string `json:"name"`
	Dtype  string `json:"dtype"`
	Shape  []int  `json:"shape"`
	Offset int64  `json:"offset"`
	NBytes int64  `json:"nbytes"`
}

// Write encodes s to w in the format described in the package documentation.
func Write(w io.Writer, s *State) error {
	names := make([]string, 0, len(s.Tensors))
	for n := range s.Tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	var data bytes.Buffer
	h := header{Step: s.Step, Epoch: s.Epoch, Scalars: s.Scalars, Strings: s.Strings, Tensors: []entry{}}
	for _, n := range names {
		t := s.Tensors[n]
		start := int64(data.Len())
		dt, err := encodeTensor(&data, t)
		if err != nil {
			return fmt.Errorf("checkpoint: tensor %q: %w", n, err)
		}
		h.Tensors = append(h.Tensors, entry{Name: n, Dtype: dt, Shape: []int(t.Shape().Clone()),
			Offset: start, NBytes: int64(data.Len()) - start})
	}
	h.CRC32 = crc32.ChecksumIEEE(data.Bytes())
	hb, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("checkpoint: encoding the header: %w", err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(Magic)
	binary.Write(bw, binary.LittleEndian, uint32(Version))
	binary.Write(bw, binary.LittleEndian, uint32(len(hb)))
	bw.Write(hb)
	bw.Write(data.Bytes())
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("checkpoint: writing: %w", err)
	}
	return nil
}

func encodeTensor(buf *bytes.Buffer, t *tensor.Dense) (string, error) {
	var b [8]byte
	switch d := t.Data().(type) {
	case []float32:
		for _, v := range d {
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
			buf.Write(b[:4])
		}
		return "float32", nil
	case []float64:
		for _, v := range d {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			buf.Write(b[:])
		}
		return "float64", nil
	case []int:
		for _, v := range d {
			binary.LittleEndian.PutUint64(b[:], uint64(int64(v)))
			buf.Write(b[:])
		}
		return "int64", nil
	case []int64:
		for _, v := range d {
			binary.LittleEndian.PutUint64(b[:], uint64(v))
			buf.Write(b[:])
		}
		return "int64", nil
	}
	return "", fmt.Errorf("dtype %v is not supported (float32, float64, int, int64 are)", t.Dtype())
}

// Read decodes a checkpoint from r.
func Read(r io.Reader) (*State, error) {
	var fixed [16]byte
	if _, err := io.ReadFull(r, fixed[:]); err != nil {
		return nil, fmt.Errorf("checkpoint: reading the file header: %w", err)
	}
	if string(fixed[:8]) != Magic {
		return nil, errors.New("checkpoint: not a Gopherlab checkpoint (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(fixed[8:12]); v != Version {
		return nil, fmt.Errorf("checkpoint: file format version %d; this Gopherlab reads version %d", v, Version)
	}
	n := binary.LittleEndian.Uint32(fixed[12:16])
	if n > maxHeader {
		return nil, fmt.Errorf("checkpoint: header length %d is implausible: the file is corrupt", n)
	}
	hb := make([]byte, n)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, fmt.Errorf("checkpoint: reading the header: %w", err)
	}
	var h header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("checkpoint: decoding the header: %w", err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: reading the data: %w", err)
	}
	if crc32.ChecksumIEEE(data) != h.CRC32 {
		return nil, errors.New("checkpoint: data checksum mismatch: the file is truncated or corrupt")
	}
	s := NewState(h.Step, h.Epoch)
	if h.Scalars != nil {
		s.Scalars = h.Scalars
	}
	if h.Strings != nil {
		s.Strings = h.Strings
	}
	for _, e := range h.Tensors {
		if e.Offset < 0 || e.NBytes < 0 || e.Offset+e.NBytes > int64(len(data)) {
			return nil, fmt.Errorf("checkpoint: tensor %q lies outside the data section: the file is corrupt", e.Name)
		}
		t, err := decodeTensor(e, data[e.Offset:e.Offset+e.NBytes])
		if err != nil {
			return nil, fmt.Errorf("checkpoint: tensor %q: %w", e.Name, err)
		}
		s.Tensors[e.Name] = t
	}
	return s, nil
}

func decodeTensor(e entry, b []byte) (*tensor.Dense, error) {
	size := 1
	for _, d := range e.Shape {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", e.Shape)
		}
		size *= d
	}
	width := map[string]int{"float32": 4, "float64": 8, "int64": 8}[e.Dtype]
	if width == 0 {
		return nil, fmt.Errorf("unknown dtype %q", e.Dtype)
	}
	if len(b) != size*width {
		return nil, fmt.Errorf("%d bytes for shape %v of %s", len(b), e.Shape, e.Dtype)
	}
	shape := tensor.Shape(e.Shape)
	if len(shape) == 0 {
		shape = tensor.Shape{1}
	}
	switch e.Dtype {
	case "float32":
		d := make([]float32, size)
		for i := range d {
			d[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d)), nil
	case "float64":
		d := make([]float64, size)
		for i := range d {
			d[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d)), nil
	default:
		d := make([]int64, size)
		for i := range d {
			d[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(d)), nil
	}
}

// WriteFile writes s to path atomically: into a temporary file in the same
// directory, synced to disk, then renamed over path.
func WriteFile(path string, s *State) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = Write(f, s); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("checkpoint: syncing %s: %w", f.Name(), err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	// Sync the directory so the rename itself survives a crash.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ReadFile reads the checkpoint at path.
func ReadFile(path string) (*State, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	return Read(bufio.NewReader(f))
}

// PutParams stores copies of params under prefix+"/"+name.
func (s *State) PutParams(prefix string, params []*nn.Param) {
	for _, p := range params {
		s.Tensors[prefix+"/"+p.Name] = p.Value.Clone().(*tensor.Dense)
	}
}

// LoadParams copies the tensors stored under prefix into params. Every
// parameter must be present with the same shape, and the checkpoint must
// hold no other tensors under prefix, so loading into a different
// architecture fails with an error naming the first difference.
func (s *State) LoadParams(prefix string, params []*nn.Param) error {
	want := map[string]bool{}
	for _, p := range params {
		key := prefix + "/" + p.Name
		want[key] = true
		t, ok := s.Tensors[key]
		if !ok {
			return fmt.Errorf("checkpoint: parameter %q is not in the checkpoint: the model has layers the saved one did not", p.Name)
		}
		if !nn.SameShape(t.Shape(), p.Value.Shape()) {
			return fmt.Errorf("checkpoint: parameter %q has shape %v in the checkpoint but %v in the model: build the model with the same layer sizes as the saved one",
				p.Name, t.Shape(), p.Value.Shape())
		}
		if err := copyInto(p.Value, t); err != nil {
			return fmt.Errorf("checkpoint: parameter %q: %w", p.Name, err)
		}
	}
	for k := range s.Tensors {
		if strings.HasPrefix(k, prefix+"/") && !want[k] {
			return fmt.Errorf("checkpoint: the checkpoint has parameter %q that the model lacks: build the model with the same layers as the saved one",
				strings.TrimPrefix(k, prefix+"/"))
		}
	}
	return nil
}

// copyInto copies src into dst, converting between float32 and float64.
func copyInto(dst, src *tensor.Dense) error {
	if dst.Dtype() == src.Dtype() {
		return tensor.Copy(dst, src)
	}
	vals := nn.Float64s(src)
	switch d := dst.Data().(type) {
	case []float32:
		for i, v := range vals {
			d[i] = float32(v)
		}
	case []float64:
		copy(d, vals)
	default:
		return fmt.Errorf("cannot load %v data into a %v tensor", src.Dtype(), dst.Dtype())
	}
	return nil
}

// PutOptimizer stores the optimizer's state under prefix.
func (s *State) PutOptimizer(prefix string, opt optim.Optimizer) {
	st := opt.State()
	s.Strings[prefix+"/kind"] = st.Kind
	s.Scalars[prefix+"/steps"] = float64(st.Steps)
	for k, v := range st.Scalars {
		s.Scalars[prefix+"/"+k] = v
	}
	for k, v := range st.Slots {
		s.Tensors[prefix+"/"+k] = v
	}
}

// LoadOptimizer restores an optimizer state stored under prefix.
func (s *State) LoadOptimizer(prefix string, opt optim.Optimizer) error {
	kind, ok := s.Strings[prefix+"/kind"]
	if !ok {
		return fmt.Errorf("checkpoint: no optimizer state under %q", prefix)
	}
	st := &optim.State{Kind: kind, Steps: int(s.Scalars[prefix+"/steps"]),
		Scalars: map[string]float64{}, Slots: map[string]*tensor.Dense{}}
	for k, v := range s.Scalars {
		if rest, ok := strings.CutPrefix(k, prefix+"/"); ok && rest != "steps" {
			st.Scalars[rest] = v
		}
	}
	for k, v := range s.Tensors {
		if rest, ok := strings.CutPrefix(k, prefix+"/"); ok {
			st.Slots[rest] = v
		}
	}
	return opt.SetState(st)
}

// Save writes model's parameters (and opt's state when opt is not nil) with
// the training position to path, atomically.
func Save(path string, model nn.Layer, opt optim.Optimizer, step, epoch int) error {
	s := NewState(step, epoch)
	s.PutParams("model", model.Params())
	if opt != nil {
		s.PutOptimizer("optim", opt)
	}
	return WriteFile(path, s)
}

// Load reads path into model (and opt when not nil) and returns the saved
// step and epoch.
func Load(path string, model nn.Layer, opt optim.Optimizer) (step, epoch int, err error) {
	s, err := ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	if err := s.LoadParams("model", model.Params()); err != nil {
		return 0, 0, err
	}
	if opt != nil {
		if err := s.LoadOptimizer("optim", opt); err != nil {
			return 0, 0, err
		}
	}
	return s.Step, s.Epoch, nil
}
