package text_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/datasets/batch"
	"github.com/gopherlab/gopherlab/datasets/text"
)

func Example() {
	verses := text.Verses("Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n")
	tokens := text.Tokens(verses)
	vocab := text.NewVocab(tokens, 1000)
	windows, _ := text.NewWindows(vocab.Encode(tokens), 4, 1, true) // backwards, as DeepRhyme
	x, y, _ := batch.All(windows)
	fmt.Println(tokens[:8])
	fmt.Println(vocab.Len(), x.Shape(), y.Shape())
	fmt.Println(vocab.Decode([]int{int(x.Data().([]float32)[0]), int(x.Data().([]float32)[1])}))
	// Output:
	// [shall i compare thee to a summer's day]
	// 17 (14, 4) (14, 4)
	// [[vb] [lb]]
}

func ExampleLoadRhymeData() {
	poems, err := text.LoadRhymeData("") // `gopherlab data fetch rhymedata`
	if err != nil {
		panic(err)
	}
	p := poems[0]
	s := p.Stanzas[0]
	fmt.Println(len(poems), "poems; first:", p.Author, "-", p.Title)
	fmt.Println(s.Scheme)
	fmt.Println(s.EndWords())
	// Output:
	// 849 poems; first: Lord Byron - Don Juan, Dedication
	// [a b a b a b c c]
	// [laureate race at case at place eye pye]
}
