package preprocess

import (
	"go/scanner"
	"go/token"
	"strings"
)

// The statuses of IsComplete, as Jupyter's is_complete_reply spells them.
const (
	Complete   = "complete"   // run it
	Incomplete = "incomplete" // wait for more lines
	Invalid    = "invalid"    // run it anyway, so the user sees the error
)

// IndentUnit is the indent IsComplete suggests per open level.
const IndentUnit = "    "

// IsComplete reports whether src, typed so far in a console, is a whole
// cell by Go's grammar. It is Incomplete while a brace, paren or bracket is
// open (indent: IndentUnit per open level), inside an unterminated raw
// string or block comment (indent: ""), after a trailing binary operator,
// assignment, comma, period or a keyword that needs more (if, for, func,
// ...; indent: one level more), and after a top-level `func f()` without its
// body. It is Invalid for an unbalanced or mismatched closer and for other
// lexical errors (an interpreted string broken by a newline, a stray
// character), and Complete otherwise.
func IsComplete(src string) (status, indent string) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var errs []string
	var s scanner.Scanner
	s.Init(file, []byte(src), func(_ token.Position, msg string) { errs = append(errs, msg) }, 0)

	var open []token.Token
	last := token.ILLEGAL // last token that is not an inserted semicolon
	funcDecl := false     // a top-level func declaration still needs its body
	prev := token.SEMICOLON
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if t == token.LBRACE && len(open) == 0 {
				funcDecl = false
			}
			open = append(open, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(open) == 0 || open[len(open)-1] != opener(t) {
				return Invalid, ""
			}
			open = open[:len(open)-1]
		case token.FUNC:
			if len(open) == 0 && prev == token.SEMICOLON {
				funcDecl = true // a literal at statement start gets its body too
			}
		case token.SEMICOLON:
			if len(open) == 0 && lit == ";" {
				funcDecl = false
			}
		}
		if !(t == token.SEMICOLON && lit == "\n") {
			last = t
		}
		prev = t
	}
	for _, msg := range errs {
		if strings.Contains(msg, "raw string literal not terminated") || strings.Contains(msg, "comment not terminated") {
			return Incomplete, ""
		}
	}
	if len(errs) > 0 {
		return Invalid, ""
	}
	depth := strings.Repeat(IndentUnit, len(open))
	switch {
	case len(open) > 0:
		return Incomplete, depth
	case needsMore(last):
		return Incomplete, depth + IndentUnit
	case funcDecl:
		return Incomplete, ""
	}
	return Complete, ""
}

func opener(t token.Token) token.Token {
	switch t {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// needsMore reports whether a cell ending in t cannot be complete.
func needsMore(t token.Token) bool {
	switch {
	case t.IsOperator():
		switch t {
		case token.INC, token.DEC, token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON, token.ELLIPSIS:
			return false
		}
		return true // binary operators, assignments, comma, period, colon, arrow
	case t.IsKeyword():
		switch t {
		case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
			return false
		}
		return true
	}
	return false
}
