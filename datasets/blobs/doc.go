// Package blobs generates the synthetic images of the convolutional
// autoencoder post for teaching a network to count: grey images holding a
// random number of filled, antialiased circles of random size and position,
// labelled with the number of circles.
//
// Generation is seeded per image (the same Config gives the same images on
// any number of cores) and runs in parallel: 50,000 28x28 images take well
// under a second (see BenchmarkGenerate).
package blobs
