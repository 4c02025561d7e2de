package plots_test

import (
	"fmt"
	"math"
	"time"

	"github.com/gopherlab/gopherlab/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gorgonia.org/tensor"
)

func ExampleLoss() {
	train := []float64{2.3, 1.1, 0.7, 0.5, 0.42, 0.38}
	val := []float64{2.2, 1.2, 0.8, 0.65, 0.6, 0.61}
	fig, err := plots.Loss(train, val, plots.LogY(), plots.Smooth(0.5))
	if err != nil {
		panic(err)
	}
	// In a notebook, fig as a cell's last value shows inline; here we save it.
	// fig.Save("loss.png")
	fmt.Println(fig)
	// Output: "Loss": line plot of train, validation (6x4 in)
}

func ExampleLine() {
	xs := []float64{0, 1, 2, 3}
	fig, err := plots.Line([]plots.Series{
		{Name: "lr 0.1", X: xs, Y: []float32{1, 0.5, 0.3, 0.2}},
		{Name: "lr 0.01", X: xs, Y: []float32{1, 0.9, 0.8, 0.7}},
	}, plots.Title("Learning rates"), plots.XLabel("epoch"), plots.YLabel("loss"), plots.Size(5, 3))
	if err != nil {
		panic(err)
	}
	img, err := fig.Image()
	if err != nil {
		panic(err)
	}
	fmt.Println(img.Bounds().Size())
	// Output: (480,288)
}

func ExampleScatter() {
	// A 2-D embedding of six points in two classes.
	x := []float64{0, 0.2, 0.1, 3, 3.1, 2.9}
	y := []float64{0, 0.1, 0.3, 2, 2.2, 1.9}
	labels := []int{0, 0, 0, 1, 1, 1}
	fig, err := plots.Scatter(x, y, labels, plots.LabelNames("cat", "dog"))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: scatter plot of 6 points in 2 labels (6x4 in)
}

func ExampleImageGrid() {
	// A batch of 8 MNIST-sized images, NCHW, values in [-1, 1].
	batch := tensor.New(tensor.WithShape(8, 1, 28, 28), tensor.WithBacking(make([]float32, 8*28*28)))
	fig, err := plots.ImageGrid(batch, plots.ValueRange(-1, 1), plots.Cols(4),
		plots.Captions("0", "1", "2", "3", "4", "5", "6", "7"))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: grid of 8 images (2x4) (5.98x3.4 in)
}

func ExampleCompare() {
	low := tensor.New(tensor.WithShape(2, 14, 14), tensor.WithBacking(make([]float32, 2*14*14)))
	high := tensor.New(tensor.WithShape(2, 28, 28), tensor.WithBacking(make([]float32, 2*28*28)))
	fig, err := plots.Compare([]plots.Column{
		{Title: "low-res", Images: low},
		{Title: "output", Images: high},
		{Title: "original", Images: high},
	}, plots.RowTitles("#1", "#2"))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: comparison of 2 examples over 3 columns (4.8x3.28 in)
}

func ExampleHeatmap() {
	confusion := [][]int{{50, 2, 1}, {3, 45, 5}, {0, 4, 48}}
	fig, err := plots.Heatmap(confusion, plots.Annotate(), plots.XLabel("predicted"), plots.YLabel("true"),
		plots.XTicks("cat", "dog", "bird"), plots.YTicks("cat", "dog", "bird"))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: heat map of a 3x3 matrix, values 0 to 50 (5.6x4.6 in)
}

func ExampleReliability() {
	probs := []float64{0.9, 0.8, 0.95, 0.6, 0.7, 0.99}
	correct := []bool{true, true, true, false, true, true}
	fig, err := plots.Reliability(probs, correct, plots.Bins(5))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: reliability diagram of 6 predictions in 5 bins, ECE 0.1100 (6x4 in)
}

func ExampleNewLive() {
	// The notebook kernel installs the publisher; this one prints.
	plots.SetPublisher(func(bundle map[string]any, id string, update bool) {
		fmt.Println("update:", update, bundle["text/plain"])
	})
	defer plots.SetPublisher(nil)

	// The default Interval is 250ms; a long one here makes the output
	// predictable: the first point creates the display, Flush updates it.
	live, err := plots.NewLive(plots.Title("training"), plots.LogY(), plots.Interval(time.Minute))
	if err != nil {
		panic(err)
	}
	for step := 0; step < 100; step++ {
		live.Add("train", float64(step), 2*math.Exp(-float64(step)/30))
	}
	if err := live.Flush(); err != nil {
		panic(err)
	}
	// Output:
	// update: false live "training": line plot of train (1 point) (6x4 in)
	// update: true live "training": line plot of train (100 points) (6x4 in)
}

func ExampleFromPlot() {
	p := plot.New()
	plots.Style(p) // the package's fonts and axes
	p.Title.Text = "sin"
	fn := plotter.NewFunction(math.Sin)
	fn.Color = plots.Color(2)
	p.Add(fn)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 2*math.Pi, -1, 1
	fig, err := plots.FromPlot(p, plots.Size(4, 3))
	if err != nil {
		panic(err)
	}
	fmt.Println(fig)
	// Output: plot "sin" (4x3 in)
}
