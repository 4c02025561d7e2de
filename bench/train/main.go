// Command train times training steps of the benchmark models of
// bench/train.sh with lib and prints "ms=<median ms per step> rss=<peak MB>"
// for one model. -impl nn (default) builds the models from lib/nn layers and
// lib/optim optimizers, as users do; -impl ops wires them by hand on lib/ops
// and gorgonia, which shows what the ops themselves allow.
//
//	go run ./bench/train -model ae -steps 20 -v
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/blas"
	"github.com/gopherlab/gopherlab/lib/ops"
)

// model is one benchmark: step runs one full training step, loss reports
// the loss that step computed.
type model interface {
	step() error
	loss() float64
}

// share makes lib's ops share output memory (ops.ShareBuffers) in -impl ops.
var share = flag.Bool("share", true, "with -impl ops, share lib ops' output buffers by lifetime (ops.ShareBuffers)")

// newMachine compiles g, binding gradients of wrt, and shares buffers
// unless -share=false; keep lists nodes read after a run.
func newMachine(g *gorgonia.ExprGraph, wrt gorgonia.Nodes, keep ...*gorgonia.Node) (gorgonia.VM, error) {
	vm := gorgonia.NewTapeMachine(g, gorgonia.BindDualValues(wrt...))
	if *share {
		if err := ops.ShareBuffers(vm, keep...); err != nil {
			return nil, err
		}
	}
	return vm, nil
}

// graphModel is a one-graph model trained by a hand-written optimizer: ae and
// lstm embed it and supply the update rule.
type graphModel struct {
	vm     gorgonia.VM
	lossN  *gorgonia.Node
	lastL  float64
	params []*param
	state  [][]float32 // the optimizer's per-parameter state, zeroed
}

// compile differentiates loss with respect to the params and builds the
// machine.
func (m *graphModel) compile(g *gorgonia.ExprGraph, loss *gorgonia.Node) error {
	wrt := nodesOf(m.params)
	if _, err := gorgonia.Grad(loss, wrt...); err != nil {
		return err
	}
	for _, p := range m.params {
		m.state = append(m.state, make([]float32, p.t.Shape().TotalSize()))
	}
	m.lossN = loss
	var err error
	m.vm, err = newMachine(g, wrt)
	return err
}

// run runs forward and backward and calls update with each parameter's
// weights, gradient and optimizer state.
func (m *graphModel) run(update func(w, g, state []float32)) error {
	if err := m.vm.RunAll(); err != nil {
		return err
	}
	defer m.vm.Reset()
	m.lastL = scalar(m.lossN)
	gs, err := grads(m.params)
	if err != nil {
		return err
	}
	for i, p := range m.params {
		update(p.t.Data().([]float32), gs[i], m.state[i])
	}
	return nil
}

func (m *graphModel) loss() float64 { return m.lastL }

func scalar(n *gorgonia.Node) float64 {
	if n.Value() == nil {
		return math.NaN()
	}
	switch v := n.Value().Data().(type) {
	case float32:
		return float64(v)
	case float64:
		return v
	}
	return math.NaN()
}

func main() {
	name := flag.String("model", "ae", "model: ae, dcgan or lstm")
	impl := flag.String("impl", "nn", "nn: the models on lib/nn and lib/optim; ops: hand-wired on lib/ops and gorgonia")
	steps := flag.Int("steps", 20, "timed steps")
	warmup := flag.Int("warmup", 3, "untimed steps first")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed steps here")
	verbose := flag.Bool("v", false, "print the BLAS backend and each step's time to stderr")
	flag.Parse()

	builders := map[string]func(*rand.Rand) (model, error){
		"nn/ae": newNNAE, "nn/dcgan": newNNDCGAN, "nn/lstm": newNNLSTM,
		"ops/ae":    func(r *rand.Rand) (model, error) { return newAE(r) },
		"ops/dcgan": func(r *rand.Rand) (model, error) { return newDCGAN(r) },
		"ops/lstm":  func(r *rand.Rand) (model, error) { return newLSTM(r) },
	}
	build, ok := builders[*impl+"/"+*name]
	if !ok {
		log.Fatalf("unknown -impl %q or -model %q; use -impl nn or ops, -model ae, dcgan or lstm", *impl, *name)
	}
	m, err := build(rand.New(rand.NewSource(1)))
	if err != nil {
		log.Fatal(err)
	}
	if *verbose {
		fmt.Fprintln(os.Stderr, "blas:", blas.Info())
	}
	for i := 0; i < *warmup; i++ {
		if err := m.step(); err != nil {
			log.Fatal(err)
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	times := make([]float64, *steps)
	for i := range times {
		t0 := time.Now()
		if err := m.step(); err != nil {
			log.Fatal(err)
		}
		times[i] = float64(time.Since(t0).Microseconds()) / 1000
		if *verbose {
			fmt.Fprintf(os.Stderr, "step %d: %.1f ms, loss %.6g\n", i, times[i], m.loss())
		}
	}
	slices.Sort(times)
	fmt.Printf("ms=%.1f rss=%d\n", times[len(times)/2], peakRSSMB())
}

// peakRSSMB reads the process's peak resident set (VmHWM) in MB.
func peakRSSMB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb / 1024
		}
	}
	return -1
}

// param is a trainable tensor with its node in the graph.
type param struct {
	t    *tensor.Dense
	node *gorgonia.Node
}

// newParam makes a [shape] float32 parameter drawn uniformly from ±bound
// (PyTorch's default init bound is 1/sqrt(fan_in)).
func newParam(g *gorgonia.ExprGraph, r *rand.Rand, name string, bound float64, shape ...int) *param {
	t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
	for i, d := 0, t.Data().([]float32); i < len(d); i++ {
		d[i] = float32((2*r.Float64() - 1) * bound)
	}
	return &param{t: t, node: gorgonia.NodeFromAny(g, t, gorgonia.WithName(name))}
}

func randomInput(r *rand.Rand, shape ...int) *tensor.Dense {
	t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
	for i, d := 0, t.Data().([]float32); i < len(d); i++ {
		d[i] = r.Float32()
	}
	return t
}

// grads returns the gradient tensor of each param after a run.
func grads(ps []*param) ([][]float32, error) {
	out := make([][]float32, len(ps))
	for i, p := range ps {
		g, err := p.node.Grad()
		if err != nil {
			return nil, fmt.Errorf("gradient of %v: %w", p.node, err)
		}
		out[i] = g.Data().([]float32)
	}
	return out, nil
}
