package plots

import (
	"time"

	"gonum.org/v1/plot/vg"
)

// An Option adjusts a figure. Options are shared by all helpers; a helper
// ignores the ones that do not apply to it.
type Option func(*config)

type config struct {
	title, xlabel, ylabel string
	width, height         vg.Length // zero: the helper's default
	dpi                   int
	logY, noGrid          bool
	xlim, ylim            *[2]float64
	smooth                float64 // EMA weight in [0,1); 0: none
	bins                  int
	labelNames            []string
	cmap                  string
	annotate              bool
	xticks, yticks        []string

	// images
	valueRange           *[2]float64
	scaleEach            bool
	cols                 int
	rowTitles, colTitles []string
	captions             []string
	imageShape           []int

	// live plots
	interval time.Duration
	file     string

	err error // the first invalid option, reported by the helper
}

func newConfig(opts []Option) *config {
	o := &config{dpi: 96, interval: 250 * time.Millisecond}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	return o
}

func (o *config) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

// Title sets the figure title.
func Title(s string) Option { return func(o *config) { o.title = s } }

// XLabel sets the label of the horizontal axis.
func XLabel(s string) Option { return func(o *config) { o.xlabel = s } }

// YLabel sets the label of the vertical axis.
func YLabel(s string) Option { return func(o *config) { o.ylabel = s } }

// Size sets the figure size in inches (default 6×4 for charts; image grids
// size themselves from their cells).
func Size(widthInches, heightInches float64) Option {
	return func(o *config) {
		if !(widthInches > 0 && heightInches > 0) {
			o.fail(errorf("Size(%g, %g): width and height must be positive inches, e.g. Size(6, 4)", widthInches, heightInches))
			return
		}
		o.width, o.height = vg.Length(widthInches)*vg.Inch, vg.Length(heightInches)*vg.Inch
	}
}

// DPI sets the PNG resolution in dots per inch (default 96).
func DPI(dpi int) Option {
	return func(o *config) {
		if dpi < 10 || dpi > 1200 {
			o.fail(errorf("DPI(%d): resolution must be between 10 and 1200 dots per inch, e.g. DPI(96)", dpi))
			return
		}
		o.dpi = dpi
	}
}

// LogY puts the vertical axis on a log scale (loss curves spanning decades).
func LogY() Option { return func(o *config) { o.logY = true } }

// NoGrid removes the background grid lines.
func NoGrid() Option { return func(o *config) { o.noGrid = true } }

// XLim fixes the horizontal axis range.
func XLim(min, max float64) Option {
	return func(o *config) {
		if !(min < max) {
			o.fail(errorf("XLim(%g, %g): min must be less than max", min, max))
			return
		}
		o.xlim = &[2]float64{min, max}
	}
}

// YLim fixes the vertical axis range.
func YLim(min, max float64) Option {
	return func(o *config) {
		if !(min < max) {
			o.fail(errorf("YLim(%g, %g): min must be less than max", min, max))
			return
		}
		o.ylim = &[2]float64{min, max}
	}
}

// Smooth draws each line series as an exponential moving average with the
// given weight in [0, 1) (TensorBoard's smoothing: 0.9 is strong), over a
// faint copy of the raw values.
func Smooth(weight float64) Option {
	return func(o *config) {
		if !(weight >= 0 && weight < 1) {
			o.fail(errorf("Smooth(%g): the weight must be in [0, 1), e.g. Smooth(0.9)", weight))
			return
		}
		o.smooth = weight
	}
}

// Bins sets the number of bins of a histogram or reliability diagram.
func Bins(n int) Option {
	return func(o *config) {
		if n < 1 {
			o.fail(errorf("Bins(%d): need at least one bin", n))
			return
		}
		o.bins = n
	}
}

// LabelNames names the integer labels of a scatter plot in its legend:
// label i is shown as names[i].
func LabelNames(names ...string) Option { return func(o *config) { o.labelNames = names } }

// Cmap sets the colour map of a heat map or of grayscale images shown in
// false colour: "viridis" (default for heat maps), "gray", "coolwarm"
// (diverging, for signed values), "magma".
func Cmap(name string) Option {
	return func(o *config) {
		if _, err := colormap(name); err != nil {
			o.fail(err)
			return
		}
		o.cmap = name
	}
}

// Annotate writes each heat-map cell's value in the cell (confusion matrices).
func Annotate() Option { return func(o *config) { o.annotate = true } }

// XTicks labels the columns of a heat map.
func XTicks(labels ...string) Option { return func(o *config) { o.xticks = labels } }

// YTicks labels the rows of a heat map.
func YTicks(labels ...string) Option { return func(o *config) { o.yticks = labels } }

// ValueRange maps pixel values in [lo, hi] to black..white, e.g.
// ValueRange(-1, 1) for tanh outputs. Without it, images whose values all
// lie in [0, 1] use that range, byte-valued images use [0, 255], and others
// are stretched from their joint minimum to maximum.
func ValueRange(lo, hi float64) Option {
	return func(o *config) {
		if !(lo < hi) {
			o.fail(errorf("ValueRange(%g, %g): lo must be less than hi, e.g. ValueRange(-1, 1)", lo, hi))
			return
		}
		o.valueRange = &[2]float64{lo, hi}
	}
}

// ScaleEach stretches every image from its own minimum to maximum.
func ScaleEach() Option { return func(o *config) { o.scaleEach = true } }

// Cols sets the number of columns of an image grid.
func Cols(n int) Option {
	return func(o *config) {
		if n < 1 {
			o.fail(errorf("Cols(%d): need at least one column", n))
			return
		}
		o.cols = n
	}
}

// RowTitles labels the rows of an image grid or comparison, left of each row.
func RowTitles(titles ...string) Option { return func(o *config) { o.rowTitles = titles } }

// ColTitles labels the columns of an image grid, above each column.
func ColTitles(titles ...string) Option { return func(o *config) { o.colTitles = titles } }

// Captions puts a caption under each image of a grid (e.g. predicted labels).
func Captions(captions ...string) Option { return func(o *config) { o.captions = captions } }

// ImageShape gives the shape of each image, as (H, W) or (C, H, W), for
// inputs that carry none: flat rows of a 2-D tensor or [][]float32.
func ImageShape(dims ...int) Option {
	return func(o *config) {
		if len(dims) < 2 || len(dims) > 3 {
			o.fail(errorf("ImageShape%v: give (H, W) or (C, H, W)", dims))
			return
		}
		for _, d := range dims {
			if d < 1 {
				o.fail(errorf("ImageShape%v: dimensions must be positive", dims))
				return
			}
		}
		if len(dims) == 3 && dims[0] != 1 && dims[0] != 3 {
			o.fail(errorf("ImageShape%v: images have 1 (gray) or 3 (RGB) channels", dims))
			return
		}
		o.imageShape = dims
	}
}

// Interval sets the least time between two renders of a live plot
// (default 250ms).
func Interval(d time.Duration) Option {
	return func(o *config) {
		if d < 0 {
			o.fail(errorf("Interval(%v): must not be negative", d))
			return
		}
		o.interval = d
	}
}

// LiveFile makes a live plot also write each render to this file (PNG or
// SVG by extension), for programs with no notebook to publish to.
func LiveFile(path string) Option { return func(o *config) { o.file = path } }
