package cmudict_test

import (
	"fmt"
	"log"

	"github.com/gopherlab/gopherlab/datasets/cmudict"
)

func Example() {
	d, err := cmudict.Load("")
	if err != nil {
		log.Fatal(err) // says to run `gopherlab data fetch cmudict`
	}
	fmt.Println(d.Phones("wind"))
	fmt.Println(d.Rhymes("wind", "kind"), d.Rhymes("love", "move"), d.Syllables("education"))
	// Output:
	// [[W AY1 N D] [W IH1 N D]]
	// true false 4
}
