package text

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Document is one text file.
type Document struct {
	Name string // file name without folder
	Text string // decoded to UTF-8, line ends normalised to \n
}

// Decode returns b as UTF-8 text: b itself (less a byte-order mark) when it
// is valid UTF-8, else b decoded as Latin-1 (in its Windows-1252 form, which
// gives 0x80-0x9F the curly quotes and dashes old files use) or, when that
// reads worse, as Mac Roman: several files of the rhyme corpus are Mac Roman,
// where 0xD1 is an em dash, not the Latin-1 letter Ñ that would glue two words
// together. Windows line ends become \n.
func Decode(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		latin, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		mac, _ := charmap.Macintosh.NewDecoder().Bytes(b)
		s = string(latin)
		if plausibility(mac) > plausibility(latin) {
			s = string(mac)
		}
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// plausibility scores the non-ASCII characters of English verse: lower-case
// accented letters and typographic punctuation are likely, capitals (mostly
// met inside words when the encoding is wrong), symbols and controls are not.
func plausibility(text []byte) int {
	score := 0
	for _, r := range string(text) {
		switch {
		case r < 0x80:
		case strings.ContainsRune("–—‘’“”…«»", r),
			unicode.IsLower(r):
			score++
		default:
			score--
		}
	}
	return score
}

// ReadDir reads every .txt file in dir, sorted by name.
func ReadDir(dir string) ([]Document, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	if len(paths) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("text: %w", err)
		}
		return nil, fmt.Errorf("text: no .txt files in %s", dir)
	}
	sort.Strings(paths)
	docs := make([]Document, len(paths))
	for i, p := range paths {
		t, err := readFile(p)
		if err != nil {
			return nil, err
		}
		docs[i] = Document{Name: filepath.Base(p), Text: t}
	}
	return docs, nil
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("text: %w", err)
	}
	return Decode(b), nil
}

// Verses splits text into verses (runs of non-blank lines separated by blank
// lines), each a list of lines with surrounding space trimmed.
func Verses(text string) [][]string {
	var verses [][]string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(cur) > 0 {
				verses = append(verses, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		verses = append(verses, cur)
	}
	return verses
}
