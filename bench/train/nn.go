package main

import (
	"math/rand"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/gopherlab/gopherlab/lib/nn"
	"github.com/gopherlab/gopherlab/lib/optim"
)

// The same models written as users write them, with lib/nn layers and
// lib/optim optimizers (-impl nn, the default).

// nnModel runs compiled programs and an optimizer step per training step.
type nnModel struct {
	run  func() error
	last func() float64
}

func (m *nnModel) step() error   { return m.run() }
func (m *nnModel) loss() float64 { return m.last() }

func randomIDs(r *rand.Rand, vocab int, shape ...int) *tensor.Dense {
	t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
	for i, d := 0, t.Data().([]float32); i < len(d); i++ {
		d[i] = float32(r.Intn(vocab))
	}
	return t
}

func filled(v float32, shape ...int) *tensor.Dense {
	t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
	for i, d := 0, t.Data().([]float32); i < len(d); i++ {
		d[i] = v
	}
	return t
}

func newNNAE(r *rand.Rand) (model, error) {
	const n = 128
	m := nn.Sequential(
		nn.Conv2D(1, 32, 7), nn.MaxPool2D(2), nn.Flatten(),
		nn.Dense(3872, 64), nn.ReLU(), nn.Dense(64, 9248), nn.ReLU(),
		nn.Reshape(32, 17, 17), nn.Upsample(2), nn.Conv2D(32, 1, 7))
	g := nn.NewGraph(true, 1)
	x := g.Input("x", tensor.Float32, n, 1, 28, 28)
	y, err := m.Forward(g, x)
	if err != nil {
		return nil, err
	}
	loss, err := nn.MSE(y, x)
	if err != nil {
		return nil, err
	}
	prog, err := g.Compile(loss, nil)
	if err != nil {
		return nil, err
	}
	opt := optim.SGD(0.01)
	opt.Momentum, opt.Nesterov = 0.975, true
	data := randomInput(r, n, 1, 28, 28)
	return &nnModel{
		run: func() error {
			if err := prog.Run(data); err != nil {
				return err
			}
			return opt.Step(prog.Params())
		},
		last: prog.LossValue,
	}, nil
}

func newNNDCGAN(r *rand.Rand) (model, error) {
	const n = 64
	down := func(in, out int) []nn.Layer {
		return []nn.Layer{nn.Conv2D(in, out, 4, nn.Stride(2), nn.Padding(1)), nn.BatchNorm(out), nn.LeakyReLU(0.2)}
	}
	up := func(in, out int) []nn.Layer {
		return []nn.Layer{nn.ConvTranspose2D(in, out, 4, nn.Stride(2), nn.Padding(1)), nn.BatchNorm(out), nn.ReLU()}
	}
	var gl, dl []nn.Layer
	gl = append(append(append(gl, down(3, 64)...), down(64, 128)...), up(128, 128)...)
	gl = append(append(append(gl, up(128, 64)...), up(64, 32)...), up(32, 32)...)
	gl = append(gl, nn.Conv2D(32, 3, 5, nn.Padding(2)), nn.Tanh())
	for _, io := range [][2]int{{3, 64}, {64, 128}, {128, 256}, {256, 512}} {
		dl = append(dl, down(io[0], io[1])...)
	}
	dl = append(dl, nn.Flatten(), nn.Dense(8192, 1))
	gen, disc := nn.Sequential(gl...), nn.Sequential(dl...)

	// Generator program: G, D on G's output, G's losses; G's output kept.
	gg := nn.NewGraph(true, 1)
	small := gg.Input("small", tensor.Float32, n, 3, 16, 16)
	onesG := gg.Input("ones", tensor.Float32, n, 1)
	fake, err := gen.Forward(gg, small)
	if err != nil {
		return nil, err
	}
	logits, err := disc.Forward(gg, fake)
	if err != nil {
		return nil, err
	}
	pooled, err := nn.AvgPool2D(4).Forward(gg, fake)
	if err != nil {
		return nil, err
	}
	lossG := must(gorgonia.Add(must(nn.BCEWithLogits(logits, onesG)), must(nn.MSE(pooled, small))))
	progG, err := gg.Compile(lossG, trainable(gen.Params()), fake)
	if err != nil {
		return nil, err
	}

	// Discriminator program on real images and G's output.
	dg := nn.NewGraph(true, 2)
	real := dg.Input("real", tensor.Float32, n, 3, 64, 64)
	fakeIn := dg.Input("fake", tensor.Float32, n, 3, 64, 64)
	onesD := dg.Input("ones", tensor.Float32, n, 1)
	zerosD := dg.Input("zeros", tensor.Float32, n, 1)
	dReal, err := disc.Forward(dg, real)
	if err != nil {
		return nil, err
	}
	dFake, err := disc.Forward(dg, fakeIn)
	if err != nil {
		return nil, err
	}
	lossD := must(gorgonia.Add(must(nn.BCEWithLogits(dReal, onesD)), must(nn.BCEWithLogits(dFake, zerosD))))
	progD, err := dg.Compile(lossD, trainable(disc.Params()))
	if err != nil {
		return nil, err
	}

	optG, optD := optim.Adam(2e-4), optim.Adam(2e-4)
	optG.Beta1, optD.Beta1 = 0.5, 0.5
	smallT, realT := randomInput(r, n, 3, 16, 16), randomInput(r, n, 3, 64, 64)
	ones, zeros := filled(1, n, 1), filled(0, n, 1)
	return &nnModel{
		run: func() error {
			if err := progG.Run(smallT, ones); err != nil {
				return err
			}
			if err := progD.Run(realT, progG.Output(0), ones, zeros); err != nil {
				return err
			}
			if err := optD.Step(progD.Params()); err != nil {
				return err
			}
			return optG.Step(progG.Params())
		},
		last: func() float64 { return progG.LossValue() + progD.LossValue() },
	}, nil
}

func newNNLSTM(r *rand.Rand) (model, error) {
	const n, steps, vocab = 128, 16, 5000
	m := nn.Sequential(nn.Embedding(vocab, 50), nn.LSTM(50, 256, 2), nn.Dense(256, vocab))
	g := nn.NewGraph(true, 1)
	ids := g.Input("ids", tensor.Float32, n, steps)
	target := g.Input("target", tensor.Float32, n)
	logits, err := m.Forward(g, ids)
	if err != nil {
		return nil, err
	}
	loss, err := nn.SoftmaxCrossEntropy(logits, target)
	if err != nil {
		return nil, err
	}
	prog, err := g.Compile(loss, nil)
	if err != nil {
		return nil, err
	}
	opt := optim.RMSprop(0.001)
	idsT, targetT := randomIDs(r, vocab, n, steps), randomIDs(r, vocab, n)
	return &nnModel{
		run: func() error {
			if err := prog.Run(idsT, targetT); err != nil {
				return err
			}
			return opt.Step(prog.Params())
		},
		last: prog.LossValue,
	}, nil
}

// trainable drops buffers (BatchNorm's running statistics) from ps.
func trainable(ps []*nn.Param) []*nn.Param {
	var out []*nn.Param
	for _, p := range ps {
		if !p.Buffer {
			out = append(out, p)
		}
	}
	return out
}
