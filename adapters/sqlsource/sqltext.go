package sqlsource

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Named parameters a mapping's query may use. Each is bound as a text[]
// (the SQL gets an explicit cast), and is NULL when the call does not
// restrict by it.
const (
	paramPatient = "patient"
	paramID      = "id"
)

// compiledSQL is a mapping query with its named parameters replaced by
// positional ones.
type compiledSQL struct {
	// text is the query with $1, $2, ... in place of :name.
	text string
	// names lists the named parameter behind each positional one: $1 is
	// names[0].
	names []string
}

// compileNamed replaces the named parameters (:patient, :id) in a query
// with positional ones ($1::text[], ...), the same name getting the same
// number. It understands enough of PostgreSQL's lexical structure to leave
// alone what is not a parameter: string literals ('...', E'...' with
// backslash escapes, $tag$...$tag$), quoted identifiers, comments (-- and
// nested /* */), and the :: cast operator. It refuses what would make the
// query anything but one statement for the adapter to wrap: a ';', a
// positional parameter written by hand, a name it does not know, or an
// unterminated literal or comment.
//
// Values never pass through here: the query is trusted configuration, and
// every value reaches the database as a bound parameter.
func compileNamed(query string, allowed func(string) bool) (compiledSQL, error) {
	var out strings.Builder
	out.Grow(len(query) + 32)
	var names []string
	number := map[string]int{}
	s := query
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\'':
			end, err := skipQuoted(s, i, '\'', isEscapeString(s, i))
			if err != nil {
				return compiledSQL{}, err
			}
			out.WriteString(s[i:end])
			i = end
		case c == '"':
			end, err := skipQuoted(s, i, '"', false)
			if err != nil {
				return compiledSQL{}, err
			}
			out.WriteString(s[i:end])
			i = end
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s)
			} else {
				end += i
			}
			out.WriteString(s[i:end])
			i = end
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end, err := skipBlockComment(s, i)
			if err != nil {
				return compiledSQL{}, err
			}
			out.WriteString(s[i:end])
			i = end
		case c == '$':
			if i+1 < len(s) && isDigit(s[i+1]) && !identBefore(s, i) {
				return compiledSQL{}, errors.New("query uses a positional parameter ($1); use the named parameters :patient and :id")
			}
			if end, ok, err := skipDollarQuoted(s, i); err != nil {
				return compiledSQL{}, err
			} else if ok {
				out.WriteString(s[i:end])
				i = end
				continue
			}
			out.WriteByte(c)
			i++
		case c == ';':
			return compiledSQL{}, errors.New("query must be one statement, without ';'")
		case c == ':':
			if i+1 < len(s) && s[i+1] == ':' {
				out.WriteString("::")
				i += 2
				continue
			}
			j := i + 1
			for j < len(s) && isIdentChar(s[j], j == i+1) {
				j++
			}
			if j == i+1 {
				out.WriteByte(c) // an array slice a[1:2], or an operator
				i++
				continue
			}
			name := s[i+1 : j]
			if !allowed(name) {
				return compiledSQL{}, fmt.Errorf("query uses :%s, which is not a parameter; the parameters are :%s and :%s", truncateName(name), paramPatient, paramID)
			}
			n, seen := number[name]
			if !seen {
				names = append(names, name)
				n = len(names)
				number[name] = n
			}
			out.WriteString("($")
			out.WriteString(strconv.Itoa(n))
			out.WriteString("::text[])")
			i = j
		default:
			out.WriteByte(c)
			i++
		}
	}
	return compiledSQL{text: out.String(), names: names}, nil
}

// isEscapeString reports whether the quote at i opens an E'...' string,
// in which a backslash escapes the next character.
func isEscapeString(s string, i int) bool {
	return i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') && (i == 1 || !isIdentChar(s[i-2], false))
}

// skipQuoted returns the index just past the literal or quoted identifier
// opening at i: doubled quotes stand for one, and with backslash set a
// backslash escapes the next byte.
func skipQuoted(s string, i int, quote byte, backslash bool) (int, error) {
	for j := i + 1; j < len(s); j++ {
		switch {
		case backslash && s[j] == '\\':
			j++
		case s[j] == quote:
			if j+1 < len(s) && s[j+1] == quote {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	if quote == '"' {
		return 0, errors.New("query has an unterminated quoted identifier")
	}
	return 0, errors.New("query has an unterminated string literal")
}

// skipBlockComment returns the index just past the /* comment */ opening at
// i; PostgreSQL's block comments nest.
func skipBlockComment(s string, i int) (int, error) {
	depth := 0
	for j := i; j+1 < len(s); j++ {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			depth++
			j++
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errors.New("query has an unterminated /* comment")
}

// skipDollarQuoted reads a $tag$...$tag$ string opening at i. ok is false
// when the $ does not open one (it is part of an identifier, or not
// followed by a tag and a $).
func skipDollarQuoted(s string, i int) (end int, ok bool, err error) {
	if identBefore(s, i) {
		return 0, false, nil
	}
	j := i + 1
	for j < len(s) && isIdentChar(s[j], j == i+1) {
		j++
	}
	if j >= len(s) || s[j] != '$' {
		return 0, false, nil
	}
	tag := s[i : j+1]
	k := strings.Index(s[j+1:], tag)
	if k < 0 {
		return 0, false, errors.New("query has an unterminated dollar-quoted string")
	}
	return j + 1 + k + len(tag), true, nil
}

// identBefore reports whether the byte before i continues an identifier,
// which makes a following $ part of it (PostgreSQL allows $ in names).
func identBefore(s string, i int) bool {
	return i > 0 && (isIdentChar(s[i-1], false) || s[i-1] == '$')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentChar reports whether c can appear in an unquoted identifier
// (ASCII only; first says whether it is the first character).
func isIdentChar(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		return true
	case isDigit(c):
		return !first
	}
	return false
}

// truncateName shortens a name for an error message.
func truncateName(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
