// Package datasets owns where Gopherlab's datasets live on disk and how they
// get there: the data directory ($GOPHERLAB_DATA, else the user cache
// directory), a registry of the known datasets with their canonical URLs and
// checksums, and a resumable, verified download (Fetch) that never leaves a
// half-written file under a final name.
//
// The loaders live in subpackages (mnist, blobs, faces, text, cmudict) and
// the batch iterator that feeds them to lib/train lives in datasets/batch.
// The CLI's `gopherlab data list|fetch NAME` is List, Present and Fetch.
// Loaders find their files with Find, whose error for a missing file names the
// file, the folders searched and the command that fixes it:
//
//	gopherlab data fetch NAME
package datasets
