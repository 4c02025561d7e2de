package text

import (
	"fmt"
	"sort"
)

// Unknown is the token that stands for words outside a Vocab.
const Unknown = "<unk>"

// Vocab numbers the most frequent words: id 0 is Unknown, then words by
// falling frequency (ties in alphabetical order).
type Vocab struct {
	words []string
	ids   map[string]int
	Count map[string]int // occurrences of every word seen, kept or not
}

// NewVocab builds the vocabulary of the k most frequent tokens (k <= 0 keeps
// them all). Break tokens count like words, so they are kept when frequent.
func NewVocab(tokens []string, k int) *Vocab {
	count := map[string]int{}
	for _, t := range tokens {
		count[t]++
	}
	words := make([]string, 0, len(count))
	for w := range count {
		if w != Unknown {
			words = append(words, w)
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	if k > 0 && len(words) > k {
		words = words[:k]
	}
	v := &Vocab{words: append([]string{Unknown}, words...), ids: map[string]int{}, Count: count}
	for i, w := range v.words {
		v.ids[w] = i
	}
	return v
}

// Len returns the number of ids, Unknown included.
func (v *Vocab) Len() int { return len(v.words) }

// ID returns word's id, 0 (Unknown) for words outside the vocabulary.
func (v *Vocab) ID(word string) int { return v.ids[word] }

// Word returns the word of id.
func (v *Vocab) Word(id int) string {
	if id < 0 || id >= len(v.words) {
		return Unknown
	}
	return v.words[id]
}

// Encode maps tokens to ids.
func (v *Vocab) Encode(tokens []string) []int {
	ids := make([]int, len(tokens))
	for i, t := range tokens {
		ids[i] = v.ids[t]
	}
	return ids
}

// Decode maps ids to tokens.
func (v *Vocab) Decode(ids []int) []string {
	toks := make([]string, len(ids))
	for i, id := range ids {
		toks[i] = v.Word(id)
	}
	return toks
}

// Windows serves next-token training windows over a token id sequence: x
// is N ids and y the same N ids shifted one ahead (a target per step). With
// Reverse the sequence is read backwards, so a model learns to write lines
// from their last word.
type Windows struct {
	ids    []int
	n      int
	stride int
}

// NewWindows makes windows of n ids every stride ids over ids (reversed
// first when reverse is set).
func NewWindows(ids []int, n, stride int, reverse bool) (*Windows, error) {
	if n <= 0 || stride <= 0 {
		return nil, fmt.Errorf("text: window length %d and stride %d must be positive", n, stride)
	}
	if len(ids) < n+1 {
		return nil, fmt.Errorf("text: %d tokens are too few for a window of %d plus its target", len(ids), n)
	}
	seq := append([]int(nil), ids...)
	if reverse {
		for i, j := 0, len(seq)-1; i < j; i, j = i+1, j-1 {
			seq[i], seq[j] = seq[j], seq[i]
		}
	}
	return &Windows{ids: seq, n: n, stride: stride}, nil
}

// Len returns the number of windows.
func (w *Windows) Len() int { return (len(w.ids)-w.n-1)/w.stride + 1 }

// Shapes returns [N] for both x and y.
func (w *Windows) Shapes() (x, y []int) { return []int{w.n}, []int{w.n} }

// Fill writes window i's ids into x and the ids one step ahead into y.
func (w *Windows) Fill(i int, x, y []float32) error {
	start := i * w.stride
	for k := 0; k < w.n; k++ {
		x[k] = float32(w.ids[start+k])
		y[k] = float32(w.ids[start+k+1])
	}
	return nil
}
