package preprocess

import (
	"fmt"
	"sort"
	"strings"
)

// An edit replaces cell[start:end] with text. Rewrites are expressed as
// edits on the original cell text rather than by printing the AST, so every
// byte the user wrote (and so every line) stays where it was; text never
// contains a newline.
type edit struct {
	start, end int
	text       string
}

// applyEdits applies non-overlapping edits to src. Insertions at the same
// offset keep the order in which they were added.
func applyEdits(src string, edits []edit) (string, error) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start || e.end > len(src) {
			return "", fmt.Errorf("preprocess: internal error: overlapping rewrites at offset %d", e.start)
		}
		if strings.Contains(e.text, "\n") {
			return "", fmt.Errorf("preprocess: internal error: rewrite adds a line at offset %d", e.start)
		}
		b.WriteString(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String(), nil
}

// seg maps n bytes of synthetic source at syn to the cell at cell.
type seg struct{ syn, cell, n int }

// builder assembles synthetic Go source from literal text and copied ranges
// of the cell, remembering where each copied byte came from.
type builder struct {
	cell string
	b    strings.Builder
	segs []seg
}

func (b *builder) lit(s string) { b.b.WriteString(s) }

func (b *builder) copy(start, end int) {
	if end <= start {
		return
	}
	b.segs = append(b.segs, seg{syn: b.b.Len(), cell: start, n: end - start})
	b.b.WriteString(b.cell[start:end])
}

// cellOff maps an offset in the synthetic source back to the cell. An
// offset just past a copied range maps too (node ends are exclusive).
func (b *builder) cellOff(syn int) (int, bool) {
	i := sort.Search(len(b.segs), func(i int) bool { return b.segs[i].syn+b.segs[i].n >= syn })
	if i < len(b.segs) && b.segs[i].syn <= syn {
		return b.segs[i].cell + syn - b.segs[i].syn, true
	}
	return 0, false
}

// nearestCellOff maps syn like cellOff, or, inside synthetic glue (an
// error at the wrapper's closing brace), to the end of the copied text
// before it.
func (b *builder) nearestCellOff(syn int) (int, bool) {
	if off, ok := b.cellOff(syn); ok {
		return off, true
	}
	for i := len(b.segs) - 1; i >= 0; i-- {
		if s := b.segs[i]; s.syn+s.n <= syn {
			return s.cell + s.n, true
		}
	}
	return 0, false
}
