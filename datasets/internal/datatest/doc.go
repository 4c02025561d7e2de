// Package datatest locates the shared real datasets for the tests of the
// datasets packages: $GOPHERLAB_DATA when set, else ../shared/datasets
// relative to the repository root (the folder holding go.mod). Dir serves a
// test that reads the files itself; Main serves a package whose examples
// load from the default data directory.
package datatest
