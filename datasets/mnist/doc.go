// Package mnist loads MNIST and Fashion-MNIST from their IDX files (gzipped
// or not) into memory as bytes, validating magic numbers, dimensions and
// sizes, and serves them as batch.Source values with pixels scaled to [0, 1]
// and the class index as label.
//
// Files are looked up in the data directory (see datasets.Find); Fashion-MNIST
// is also found in /usr/share/datasets/fashion-mnist, where Debian's
// dataset-fashion-mnist package installs it.
package mnist
