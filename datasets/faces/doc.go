// Package faces loads face images for generative models with the DCGAN
// post's preprocessing, from a folder in CelebA's layout
// (img_align_celeba/*.jpg at 178x218, with list_eval_partition.txt when
// present) or from any folder of JPEG and PNG images.
//
// Each image is shrunk by 1/1.3, centre-cropped to 160x128 (HxW): the target,
// then averaged 4x4 down to 40x32: the input, both scaled to [-1, 1]. Shrink,
// crop and any resize to another target size are done as one area-averaging
// (antialiased) resample of the source box. Images smaller than the shrunk
// size the crop needs are scaled (up when needed) just enough to cover the
// crop instead: the SFHQ faces in ../shared/datasets/faces/sfhq, already
// 128x160 (WxH), are used whole. Smaller sizes for CPU runs are options, e.g.
// Options{TargetH: 64, TargetW: 64} takes the central 128x128 box, resampled
// to 64x64, with a 16x16 input.
//
// Without a partition file the files, sorted by name, are split as in the
// post: the first 1,000 for test, the next 1,000 for validation and the rest
// for training, when there are at least 10,000 images; smaller folders give
// 10% each to test and validation in the same order.
//
// Images are decoded when a batch asks for them (CelebA does not fit in
// memory as floats); Set.Preload keeps a small set decoded.
package faces
