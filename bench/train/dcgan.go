package main

import (
	"math"
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/ops"
)

// dcgan is the 4x face enhancer GAN of bench/train.sh at batch 64.
//
// One step runs the generator graph (G forward, D on G's output, backward
// into G) and the discriminator graph (D on real and on that G output,
// backward into D), then updates both with Adam: the same work as PyTorch's
// D-then-G step, except that G's loss sees D before this step's update.
type dcgan struct {
	gvm, dvm gorgonia.VM
	fakeOut  *gorgonia.Node // G's output in the generator graph
	fakeIn   *tensor.Dense  // D graph's copy of it
	gen      []*param       // G's parameters
	discD    []*param       // D's parameters as bound in the discriminator graph
	adamG    *adam
	adamD    *adam
	lossG    *gorgonia.Node
	lossD    *gorgonia.Node
	lastL    float64
}

// net builds layers on a graph from shared parameter tensors.
type net struct {
	g      *gorgonia.ExprGraph
	r      *rand.Rand
	ps     []*param
	init   []*tensor.Dense // tensors to share, in creation order; nil: create
	bn     []*ops.BNState
	bnNext int
}

func (n *net) param(name string, bound float64, fill float32, shape ...int) *gorgonia.Node {
	i := len(n.ps)
	var p *param
	if n.init != nil {
		p = &param{t: n.init[i], node: gorgonia.NodeFromAny(n.g, n.init[i], gorgonia.WithName(name))}
	} else if bound == 0 {
		t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
		for j, d := 0, t.Data().([]float32); j < len(d); j++ {
			d[j] = fill
		}
		p = &param{t: t, node: gorgonia.NodeFromAny(n.g, t, gorgonia.WithName(name))}
	} else {
		p = newParam(n.g, n.r, name, bound, shape...)
	}
	n.ps = append(n.ps, p)
	return p.node
}

func (n *net) batchNorm(x *gorgonia.Node, c int) *gorgonia.Node {
	// BN states are shared by every use of the net, in call order.
	if n.bnNext == len(n.bn) {
		n.bn = append(n.bn, ops.NewBNState(tensor.Float32, c))
	}
	st := n.bn[n.bnNext]
	n.bnNext++
	gamma := n.param("gamma", 0, 1, c)
	beta := n.param("beta", 0, 0, c)
	return must(ops.BatchNorm(x, gamma, beta, st, true))
}

func (n *net) conv(x *gorgonia.Node, in, out, k int, p ops.ConvParams) *gorgonia.Node {
	bound := 1 / math.Sqrt(float64(in*k*k))
	w := n.param("w", bound, 0, out, in, k, k)
	b := n.param("b", bound, 0, out)
	return must(ops.BiasAdd(must(ops.Conv2D(x, w, p)), b))
}

func (n *net) convT(x *gorgonia.Node, in, out int) *gorgonia.Node {
	bound := 1 / math.Sqrt(float64(out*16))
	w := n.param("w", bound, 0, in, out, 4, 4)
	b := n.param("b", bound, 0, out)
	return must(ops.BiasAdd(must(ops.ConvTranspose2D(x, w, ops.Strided(2, 1))), b))
}

func leaky(x *gorgonia.Node) *gorgonia.Node { return must(ops.LeakyReLU(x, 0.2)) }

// generator: 3x16x16 -> 3x64x64.
func (n *net) generator(x *gorgonia.Node) *gorgonia.Node {
	first := ops.Strided(2, 1)
	first.NoInputGrad = true
	h := leaky(n.batchNorm(n.conv(x, 3, 64, 4, first), 64))
	h = leaky(n.batchNorm(n.conv(h, 64, 128, 4, ops.Strided(2, 1)), 128))
	for _, io := range [][2]int{{128, 128}, {128, 64}, {64, 32}, {32, 32}} {
		h = must(ops.ReLU(n.batchNorm(n.convT(h, io[0], io[1]), io[1])))
	}
	return must(ops.Tanh(n.conv(h, 32, 3, 5, ops.Same(5, 5))))
}

// discriminator: 3x64x64 -> one logit. Each call reuses the same parameters.
func (n *net) discriminator(x *gorgonia.Node, dataInput bool) *gorgonia.Node {
	n.ps, n.bnNext = n.ps[:0], 0
	h := x
	for i, io := range [][2]int{{3, 64}, {64, 128}, {128, 256}, {256, 512}} {
		p := ops.Strided(2, 1)
		p.NoInputGrad = i == 0 && dataInput
		h = leaky(n.batchNorm(n.conv(h, io[0], io[1], 4, p), io[1]))
	}
	h = must(gorgonia.Reshape(h, tensor.Shape{x.Shape()[0], 8192}))
	w := n.param("dense", 1/math.Sqrt(8192), 0, 8192, 1)
	b := n.param("denseb", 1/math.Sqrt(8192), 0, 1)
	return must(ops.BiasAdd(must(gorgonia.Mul(h, w)), b))
}

// bceLogits is the mean binary cross entropy of sigmoid(z) against a
// constant label: softplus(-z) for 1, softplus(z) for 0.
func bceLogits(z *gorgonia.Node, label1 bool) *gorgonia.Node {
	if label1 {
		z = must(gorgonia.Neg(z))
	}
	return must(gorgonia.Mean(must(gorgonia.Softplus(z))))
}

func newDCGAN(r *rand.Rand) (*dcgan, error) {
	const n = 64
	m := &dcgan{}
	small := randomInput(r, n, 3, 16, 16)
	real := randomInput(r, n, 3, 64, 64)
	m.fakeIn = tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(n, 3, 64, 64))

	// Generator graph.
	gg := gorgonia.NewGraph()
	G := &net{g: gg, r: r}
	smallNode := gorgonia.NodeFromAny(gg, small, gorgonia.WithName("small"))
	m.fakeOut = G.generator(smallNode)
	D := &net{g: gg, r: r}
	logits := D.discriminator(m.fakeOut, false)
	m.gen = G.ps
	discTensors := make([]*tensor.Dense, len(D.ps))
	for i, p := range D.ps {
		discTensors[i] = p.t
	}
	pooled := must(ops.AvgPool2D(m.fakeOut, 4, 4, 4, 4))
	mse := must(gorgonia.Mean(must(gorgonia.Square(must(gorgonia.Sub(pooled, smallNode))))))
	lossG := must(gorgonia.Add(bceLogits(logits, true), mse))
	if _, err := gorgonia.Grad(lossG, nodesOf(m.gen)...); err != nil {
		return nil, err
	}
	m.lossG = lossG
	var err error
	if m.gvm, err = newMachine(gg, nodesOf(m.gen), m.fakeOut); err != nil {
		return nil, err
	}

	// Discriminator graph, sharing D's tensors and BN states.
	dg := gorgonia.NewGraph()
	D2 := &net{g: dg, r: r, init: discTensors, bn: D.bn}
	realNode := gorgonia.NodeFromAny(dg, real, gorgonia.WithName("real"))
	fakeNode := gorgonia.NodeFromAny(dg, m.fakeIn, gorgonia.WithName("fake"))
	lossReal := bceLogits(D2.discriminator(realNode, true), true)
	lossFake := bceLogits(D2.discriminator(fakeNode, true), false)
	m.discD = D2.ps
	lossD := must(gorgonia.Add(lossReal, lossFake))
	if _, err := gorgonia.Grad(lossD, nodesOf(m.discD)...); err != nil {
		return nil, err
	}
	m.lossD = lossD
	if m.dvm, err = newMachine(dg, nodesOf(m.discD)); err != nil {
		return nil, err
	}
	m.adamG, m.adamD = newAdam(m.gen), newAdam(m.discD)
	return m, nil
}

func nodesOf(ps []*param) gorgonia.Nodes {
	ns := make(gorgonia.Nodes, len(ps))
	for i, p := range ps {
		ns[i] = p.node
	}
	return ns
}

func (m *dcgan) step() error {
	if err := m.gvm.RunAll(); err != nil {
		return err
	}
	defer m.gvm.Reset()
	copy(m.fakeIn.Data().([]float32), m.fakeOut.Value().Data().([]float32))
	if err := m.dvm.RunAll(); err != nil {
		return err
	}
	defer m.dvm.Reset()
	m.lastL = scalar(m.lossG) + scalar(m.lossD)
	if err := m.adamD.step(); err != nil {
		return err
	}
	return m.adamG.step()
}

// adam is torch.optim.Adam(lr=2e-4, betas=(0.5, 0.999)).
type adam struct {
	ps   []*param
	m, v [][]float32
	t    int
}

func newAdam(ps []*param) *adam {
	a := &adam{ps: ps}
	for _, p := range ps {
		a.m = append(a.m, make([]float32, p.t.Shape().TotalSize()))
		a.v = append(a.v, make([]float32, p.t.Shape().TotalSize()))
	}
	return a
}

func (a *adam) step() error {
	gs, err := grads(a.ps)
	if err != nil {
		return err
	}
	const lr, b1, b2, eps = 2e-4, 0.5, 0.999, 1e-8
	a.t++
	c1 := 1 - math.Pow(b1, float64(a.t))
	c2 := math.Sqrt(1 - math.Pow(b2, float64(a.t)))
	for i, p := range a.ps {
		w, m, v := p.t.Data().([]float32), a.m[i], a.v[i]
		for j, g := range gs[i] {
			m[j] = b1*m[j] + (1-b1)*g
			v[j] = b2*v[j] + (1-b2)*g*g
			w[j] -= float32(lr / c1 * float64(m[j]) / (math.Sqrt(float64(v[j]))/c2 + eps))
		}
	}
	return nil
}

// loss is the sum of G's and D's losses.
func (m *dcgan) loss() float64 { return m.lastL }
