package datasets

import (
	"fmt"
	"sort"
	"strings"
)

// File is one file of a dataset.
type File struct {
	Name string   // path relative to the dataset folder, slash-separated
	URLs []string // download mirrors, tried in order
	// SHA256 is the hex digest of the file's bytes. Files whose compressed
	// bytes differ between mirrors leave it empty and set ContentSHA256, the
	// digest of the gunzipped content, instead.
	SHA256        string
	ContentSHA256 string
	Size          int64 // expected size in bytes, 0 when unknown (progress only)
}

// Info describes a dataset of the registry.
type Info struct {
	Name        string // registry name, as in `gopherlab data fetch NAME`
	Description string
	Homepage    string
	License     string
	Folder      string   // folder under the data directory, slash-separated
	Files       []File   // what Fetch downloads; empty for Manual datasets
	AltDirs     []string // system folders searched after the data directory
	Manual      string   // for datasets that cannot be fetched: how to get them
}

const (
	cmudictCommit   = "0f8072f814306c5ee4fbf992ed853601b12c01f9"
	rhymedataCommit = "ba25424061778b97b7bcb1dac5b19beac257c8c2"
)

func mirrors(name string, bases ...string) []string {
	urls := make([]string, len(bases))
	for i, b := range bases {
		urls[i] = b + name
	}
	return urls
}

func mnistFiles() []File {
	bases := []string{
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
	}
	fs := []File{
		{Name: "train-images-idx3-ubyte.gz", SHA256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", Size: 9912422},
		{Name: "train-labels-idx1-ubyte.gz", SHA256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", Size: 28881},
		{Name: "t10k-images-idx3-ubyte.gz", SHA256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", Size: 1648877},
		{Name: "t10k-labels-idx1-ubyte.gz", SHA256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", Size: 4542},
	}
	for i := range fs {
		fs[i].URLs = mirrors(fs[i].Name, bases...)
	}
	return fs
}

// fashionFiles checks the gunzipped content: Debian's package recompresses
// the upstream .gz files, so only the content digest matches both.
func fashionFiles() []File {
	bases := []string{
		"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
		"https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/",
	}
	fs := []File{
		{Name: "train-images-idx3-ubyte.gz", ContentSHA256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"},
		{Name: "train-labels-idx1-ubyte.gz", ContentSHA256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"},
		{Name: "t10k-images-idx3-ubyte.gz", ContentSHA256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"},
		{Name: "t10k-labels-idx1-ubyte.gz", ContentSHA256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"},
	}
	for i := range fs {
		fs[i].URLs = mirrors(fs[i].Name, bases...)
	}
	return fs
}

var rhymePoets = map[string]string{
	"byron":       "4b6bd253a571a5eefe2ae9637629055926bb0324b806cc805ed70b1e150f9347",
	"chesterton":  "eb8bedb112a189ad6808b4d2815d1e1e315d4891d26638266896f8e3241a4e8a",
	"constable":   "a31511c3a00bcf316cea10eda2edf3879d12ecd7740055e6ca18a63c12f69440",
	"crosland":    "ac5f81fb0873ed21af8e273908ba1403592b806d082acd907dec9e14aa240213",
	"daniel":      "397d2fb27ef774c95db60b3ff2c12d66c8c8bdb1c6a60e16dd0fc73a3799d5c3",
	"drayton":     "ac5c76d9abed3854fc330b30d8c31102aa21540797c51638a3c8a5e2feac41d8",
	"dryden":      "9a85fbc0c3ca66a9d0e576e8e60fed993224827ec06d09866382c0fb6a47b5ff",
	"finch":       "4762bc09a52a1c6b96d15803a754fbe5939badcaf241d0d1eab737a8776ac102",
	"fletcher":    "16c6195c18cc3a74e31ce2defbb290242be26b35137679a00e2eea628baf952f",
	"goldsmith":   "e145e157aaa87ab1b2ebae11c6379560d6e48ead6461cbdc7bfa2c78cb10b8ff",
	"griffin":     "5579736f90112a9500b4dbe4a93becac67c42f2dd707f50fbbe0436e9e43c644",
	"jonson":      "47d7df3c871305ee7d21b11bbeb73abb4c56630b61443b8cb79388e8eed90f43",
	"kipling":     "afd4d4eaa1ed1e179c2bea1524ec5fa5357b6b859e1b58bde7670cb2ad8df391",
	"lodge":       "b955093184bcd009ea7a5b3c7d09a51130c882169523b43ae9a6651ed4e8ee43",
	"lovelace":    "6c50d961db9bf0ecc1668eb0666dc3b7f4324e9cc50fc843d13efe49f9e6ab19",
	"more":        "ffb2329bcb0f120b65f52733fb68371cdb89fc3a0d830b561137d9c4a94136d6",
	"pope":        "ca11f6b7eb2ba925450f7cd4928d7906ec14c9298d6d79da46b17604a5ae3492",
	"prior":       "6f6e77e5901a268e5b2583efee048ed0dffb94bba6d386c2e120167ae0d4aaa3",
	"shakespeare": "3b71ee5d0736da1aa0980cb8d621b52f135003f18a73dcfcafaca189d1972b82",
	"shelley":     "d5ace1256fb706f75a31a9af8a08a12e5c3b117b84bb1cea2cb7b4c2e7334523",
	"sidney":      "8528e4e87b432e51272f4ea878278fac80dc571ed23186ecf9cd571b9278513c",
	"smith":       "141372f90cc598958cdb348097fd8e0b5f60bc7f8ddf3782937f63af2867b1c5",
	"spenser":     "33e47a465f900c07bc25350c794a5301e506f71b5b0f0290fa741dd67e9bffd9",
	"swift":       "2786d337920715b6f1d2f6493fb6b0215c8e5c6aea418902263e7682fea0f5f0",
	"thomas":      "f6179c4da1af020b307ed91fbec952b132e3d05d449d6df40f48f5b2127af972",
	"wyatt":       "3c011707cf971b29ebd1cc0c764abf28d1d23c4a90ca8d39604523216ae1c5b4",
}

func rhymeFiles() []File {
	fs := make([]File, 0, len(rhymePoets))
	for poet, sum := range rhymePoets {
		name := "english_raw/" + poet + ".txt"
		fs = append(fs, File{Name: name, SHA256: sum, URLs: []string{
			"https://raw.githubusercontent.com/sravanareddy/rhymedata/" + rhymedataCommit + "/" + name,
		}})
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
	return fs
}

func registry() []Info {
	return []Info{
		{
			Name:        "mnist",
			Description: "MNIST handwritten digits, IDX format: 60,000 train and 10,000 test images, 28x28 grey",
			Homepage:    "http://yann.lecun.com/exdb/mnist/",
			License:     "CC BY-SA 3.0",
			Folder:      "mnist",
			Files:       mnistFiles(),
		},
		{
			Name:        "fashion-mnist",
			Description: "Fashion-MNIST clothing images in MNIST's IDX format: 60,000 train and 10,000 test, 28x28 grey, 10 classes",
			Homepage:    "https://github.com/zalandoresearch/fashion-mnist",
			License:     "MIT",
			Folder:      "fashion-mnist",
			Files:       fashionFiles(),
			AltDirs:     []string{"/usr/share/datasets/fashion-mnist"}, // Debian's dataset-fashion-mnist
		},
		{
			Name:        "cmudict",
			Description: "CMU Pronouncing Dictionary: 135,000 English words in ARPAbet with stress",
			Homepage:    "https://github.com/cmusphinx/cmudict",
			License:     "BSD-2-Clause",
			Folder:      "cmudict",
			Files: []File{{
				Name:   "cmudict.dict",
				SHA256: "81917843c7f44ce2b094ac63873c2c7a4cf802040792c455ba3ca406891c3d22",
				Size:   3618488,
				URLs:   []string{"https://raw.githubusercontent.com/cmusphinx/cmudict/" + cmudictCommit + "/cmudict.dict"},
			}},
		},
		{
			Name:        "rhymedata",
			Description: "Chicago Rhyming Poetry Corpus, English: 26 poets' verse with each stanza's rhyme scheme",
			Homepage:    "https://github.com/sravanareddy/rhymedata",
			License:     "public-domain poetry; annotations by Sonderegger and Reddy",
			Folder:      "rhymedata",
			Files:       rhymeFiles(),
		},
		{
			Name:        "celeba",
			Description: "CelebA aligned and cropped faces (img_align_celeba/*.jpg, 178x218) with list_eval_partition.txt",
			Homepage:    "https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html",
			License:     "non-commercial research only",
			Folder:      "celeba",
			Manual: "CelebA cannot be fetched automatically (its licence needs your agreement): download img_align_celeba.zip " +
				"and list_eval_partition.txt from https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html and unzip them into the folder above",
		},
		{
			Name:        "sfhq",
			Description: "420 synthetic face portraits, 128x160 PNG, cropped from the SFHQ sample montages",
			Homepage:    "https://github.com/SelfishGene/SFHQ-dataset",
			License:     "MIT",
			Folder:      "faces/sfhq",
			Manual:      "these crops are not published as files: copy a folder of face images (jpg or png) into the folder above",
		},
	}
}

// List returns the registry's datasets, sorted by name.
func List() []Info {
	r := registry()
	sort.Slice(r, func(i, j int) bool { return r[i].Name < r[j].Name })
	return r
}

// Lookup returns the registry entry of the dataset called name.
func Lookup(name string) (Info, error) {
	var names []string
	for _, info := range List() {
		if info.Name == name {
			return info, nil
		}
		names = append(names, info.Name)
	}
	return Info{}, fmt.Errorf("datasets: unknown dataset %q; known datasets: %s", name, strings.Join(names, ", "))
}
