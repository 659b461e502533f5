package fhirpath

import (
	"strings"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString  // 'text', already unescaped
	tokNumber  // 12, 1.5: lexed so that the error can name it
	tokSpecial // $this, %resource, @2020-01-01: lexed so that the error can name them
	tokPunct
)

type token struct {
	kind tokenKind
	text string // identifier, unescaped string, or the punctuation / literal as written
	pos  int    // byte offset in the expression
	// quoted is true for a `delimited` identifier, which is never a keyword.
	quoted bool
}

// lex splits a FHIRPath expression into tokens. It knows the whole FHIRPath
// token set, not only the supported subset, so that the parser can name what
// it does not support rather than report a syntax error.
func lex(src string) ([]token, *CompileError) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			return nil, unsupportedAt(src, i, "comments")
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			toks = append(toks, token{kind: tokIdent, text: src[i:j], pos: i})
			i = j
		case c == '`':
			j := strings.IndexByte(src[i+1:], '`')
			if j < 0 {
				return nil, syntaxAt(src, i, "unterminated `identifier`")
			}
			name := src[i+1 : i+1+j]
			if name == "" || strings.ContainsRune(name, '\\') {
				return nil, unsupportedAt(src, i, "escapes or empty names in `identifiers`")
			}
			toks = append(toks, token{kind: tokIdent, text: name, pos: i, quoted: true})
			i += j + 2
		case c == '\'':
			s, n, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tokString, text: s, pos: i})
			i += n
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tokNumber, text: src[i:j], pos: i})
			i = j
		case c == '$' || c == '%' || c == '@':
			j := i + 1
			for j < len(src) && (isIdentPart(src[j]) || c == '@' && strings.IndexByte("-:.+TZ", src[j]) >= 0) {
				j++
			}
			toks = append(toks, token{kind: tokSpecial, text: src[i:j], pos: i})
			i = j
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "!=", "<=", ">=", "!~":
				toks = append(toks, token{kind: tokPunct, text: two, pos: i})
				i += 2
				continue
			}
			if strings.IndexByte(".(),|=[]<>+-*/&~{}", c) >= 0 {
				toks = append(toks, token{kind: tokPunct, text: src[i : i+1], pos: i})
				i++
				continue
			}
			r, _ := utf8.DecodeRuneInString(src[i:])
			return nil, syntaxAt(src, i, "unexpected character "+quoteRune(r))
		}
	}
	toks = append(toks, token{kind: tokEOF, pos: len(src)})
	return toks, nil
}

// lexString reads a 'quoted' string literal at src[i] and returns its value
// and length. The escapes are FHIRPath's: \' \" \` \\ \/ \f \n \r \t \uXXXX.
func lexString(src string, i int) (string, int, *CompileError) {
	var b strings.Builder
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch c {
		case '\'':
			return b.String(), j + 1 - i, nil
		case '\\':
			if j+1 >= len(src) {
				return "", 0, syntaxAt(src, j, "unterminated escape in string")
			}
			switch e := src[j+1]; e {
			case '\'', '"', '`', '\\', '/':
				b.WriteByte(e)
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if j+6 > len(src) {
					return "", 0, syntaxAt(src, j, "short \\u escape in string")
				}
				var r rune
				for _, h := range src[j+2 : j+6] {
					switch {
					case h >= '0' && h <= '9':
						r = r*16 + h - '0'
					case h >= 'a' && h <= 'f':
						r = r*16 + h - 'a' + 10
					case h >= 'A' && h <= 'F':
						r = r*16 + h - 'A' + 10
					default:
						return "", 0, syntaxAt(src, j, "bad \\u escape in string")
					}
				}
				if !utf8.ValidRune(r) {
					return "", 0, syntaxAt(src, j, "\\u escape is not a valid character")
				}
				b.WriteRune(r)
				j += 4
			default:
				return "", 0, syntaxAt(src, j, "unknown escape \\"+string(e)+" in string")
			}
			j += 2
		default:
			b.WriteByte(c)
			j++
		}
	}
	return "", 0, syntaxAt(src, i, "unterminated string")
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func quoteRune(r rune) string {
	if r == utf8.RuneError {
		return "(invalid UTF-8)"
	}
	return "'" + string(r) + "'"
}
