package engine

import (
	"go/scanner"
	"go/token"
)

// piece is a run of consecutive top-level declarations (decl) or
// statements (!decl) of a cell, as byte offsets into the cell.
type piece struct {
	decl       bool
	start, end int
}

// split cuts a cell into runs of top-level declarations and runs of
// statements. yaegi evaluates a source either as a file (declarations only)
// or as a function body (statements only), so a cell mixing both is
// evaluated run by run. A statement starts at depth 0 after a semicolon
// (explicit or automatic); it is a declaration when it starts with import,
// type, var, const, or func followed by a name or a method receiver.
func split(src string) []piece {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0) // errors surface when the pieces are parsed

	var toks []token.Token
	var offs []int
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, t)
		offs = append(offs, file.Offset(pos))
	}

	var pieces []piece
	depth := 0
	atStart := true
	for i, t := range toks {
		if atStart && depth == 0 && t != token.SEMICOLON {
			off := offs[i]
			decl := false
			switch t {
			case token.IMPORT, token.TYPE, token.VAR, token.CONST:
				decl = true
			case token.FUNC:
				decl = isFuncDecl(toks[i+1:])
			}
			if n := len(pieces); n == 0 || pieces[n-1].decl != decl {
				if n > 0 {
					pieces[n-1].end = off
				}
				pieces = append(pieces, piece{decl: decl, start: off})
			}
		}
		atStart = false
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			atStart = depth == 0
		}
	}
	if n := len(pieces); n > 0 {
		pieces[n-1].end = len(src)
	}
	return pieces
}

// isFuncDecl tells a function or method declaration from a function
// literal at the start of a statement; rest follows the func keyword.
func isFuncDecl(rest []token.Token) bool {
	if len(rest) == 0 {
		return false
	}
	switch rest[0] {
	case token.IDENT:
		return true
	case token.LPAREN:
		// func (r T) Name(...) is a method; func(...) ... is a literal.
		depth := 0
		for j := range rest {
			switch rest[j] {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return j+2 < len(rest) && rest[j+1] == token.IDENT &&
						(rest[j+2] == token.LPAREN || rest[j+2] == token.LBRACK)
				}
			}
		}
	}
	return false
}
