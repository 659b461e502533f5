package fhirpath

import "fmt"

// MaxExprLen is the longest expression Compile accepts. The longest R4
// SearchParameter expression is under 2,000 bytes.
const MaxExprLen = 8192

// maxNesting bounds parser recursion (parentheses and function arguments).
const maxNesting = 64

// Expr is a compiled FHIRPath expression. It is immutable and safe for
// concurrent use.
type Expr struct {
	src  string
	root op
}

// String returns the expression as it was compiled.
func (e *Expr) String() string { return e.src }

// Compile parses expr once so that it can be evaluated on many resources.
// Anything outside the supported subset (see the package documentation) is
// a *CompileError wrapping ErrUnsupported that names the construct; invalid
// FHIRPath is a *CompileError wrapping ErrSyntax.
func Compile(expr string) (*Expr, error) {
	if len(expr) > MaxExprLen {
		return nil, syntaxAt(expr[:64]+"...", 0, fmt.Sprintf("expression longer than %d bytes", MaxExprLen))
	}
	toks, cerr := lex(expr)
	if cerr != nil {
		return nil, cerr
	}
	p := &parser{src: expr, toks: toks}
	root, cerr := p.parseExpr()
	if cerr != nil {
		return nil, cerr
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t)
	}
	if pos, found := findResolve(root); found {
		return nil, unsupportedAt(expr, pos, "resolve() other than in the form resolve() is Type")
	}
	return &Expr{src: expr, root: root}, nil
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// keyword reports whether t is the unquoted identifier kw.
func keyword(t token, kw string) bool { return t.kind == tokIdent && !t.quoted && t.text == kw }

func punct(t token, s string) bool { return t.kind == tokPunct && t.text == s }

func (p *parser) unexpected(t token) *CompileError {
	switch t.kind {
	case tokEOF:
		return syntaxAt(p.src, t.pos, "unexpected end of expression")
	case tokString:
		return syntaxAt(p.src, t.pos, "unexpected string literal")
	}
	return syntaxAt(p.src, t.pos, fmt.Sprintf("unexpected %q", t.text))
}

func (p *parser) expect(s string) *CompileError {
	if t := p.next(); !punct(t, s) {
		if t.kind == tokEOF {
			return syntaxAt(p.src, t.pos, fmt.Sprintf("expected %q, found end of expression", s))
		}
		return syntaxAt(p.src, t.pos, fmt.Sprintf("expected %q, found %q", s, t.text))
	}
	return nil
}

// The parse functions follow FHIRPath operator precedence, lowest first:
// implies; or xor; and; in contains; = ~ != !~; < > <= >=; |; is as;
// + - &; * / div mod; unary + -; indexer; invocation.

func (p *parser) parseExpr() (op, *CompileError) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxNesting {
		return nil, syntaxAt(p.src, p.peek().pos, fmt.Sprintf("expression nests deeper than %d levels", maxNesting))
	}
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); keyword(t, "or") || keyword(t, "xor") || keyword(t, "implies") {
		return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
	}
	return left, nil
}

func (p *parser) parseAnd() (op, *CompileError) {
	left, err := p.parseMembership()
	if err != nil {
		return nil, err
	}
	for keyword(p.peek(), "and") {
		p.next()
		right, err := p.parseMembership()
		if err != nil {
			return nil, err
		}
		left = &andOp{left: left, right: right}
	}
	return left, nil
}

func (p *parser) parseMembership() (op, *CompileError) {
	left, err := p.parseEquality()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); keyword(t, "in") || keyword(t, "contains") {
		return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
	}
	return left, nil
}

func (p *parser) parseEquality() (op, *CompileError) {
	left, err := p.parseComparison()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		switch {
		case punct(t, "="), punct(t, "!="):
			p.next()
			right, err := p.parseComparison()
			if err != nil {
				return nil, err
			}
			left = &equalOp{left: left, right: right, negate: t.text == "!="}
		case punct(t, "~"), punct(t, "!~"):
			return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
		default:
			return left, nil
		}
	}
}

func (p *parser) parseComparison() (op, *CompileError) {
	left, err := p.parseUnion()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); punct(t, "<") || punct(t, ">") || punct(t, "<=") || punct(t, ">=") {
		return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
	}
	return left, nil
}

func (p *parser) parseUnion() (op, *CompileError) {
	left, err := p.parseType()
	if err != nil {
		return nil, err
	}
	for punct(p.peek(), "|") {
		p.next()
		right, err := p.parseType()
		if err != nil {
			return nil, err
		}
		left = &unionOp{left: left, right: right}
	}
	return left, nil
}

func (p *parser) parseType() (op, *CompileError) {
	left, err := p.parseAdditive()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !keyword(t, "is") && !keyword(t, "as") {
			return left, nil
		}
		p.next()
		typ, err := p.parseTypeSpecifier()
		if err != nil {
			return nil, err
		}
		if t.text == "as" {
			left = appendStep(left, &ofTypeOp{typ: typ})
			continue
		}
		if c, ok := left.(*chainOp); ok {
			if _, isResolve := c.steps[len(c.steps)-1].(*resolveOp); isResolve {
				left = replaceLast(c, &resolveIsOp{typ: typ, single: true})
				continue
			}
		}
		left = &isOp{operand: left, typ: typ}
	}
}

func (p *parser) parseAdditive() (op, *CompileError) {
	left, err := p.parseMultiplicative()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); punct(t, "+") || punct(t, "-") || punct(t, "&") {
		return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
	}
	return left, nil
}

func (p *parser) parseMultiplicative() (op, *CompileError) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); punct(t, "*") || punct(t, "/") || keyword(t, "div") || keyword(t, "mod") {
		return nil, unsupportedAt(p.src, t.pos, "operator '"+t.text+"'")
	}
	return left, nil
}

func (p *parser) parseUnary() (op, *CompileError) {
	if t := p.peek(); punct(t, "+") || punct(t, "-") {
		return nil, unsupportedAt(p.src, t.pos, "unary operator '"+t.text+"'")
	}
	return p.parsePostfix()
}

// parsePostfix parses a term followed by invocations: a.b.where(c).d.
func (p *parser) parsePostfix() (op, *CompileError) {
	first, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	left := first
	for {
		t := p.peek()
		switch {
		case punct(t, "."):
			p.next()
			name := p.next()
			if name.kind != tokIdent {
				return nil, syntaxAt(p.src, name.pos, "expected a name after '.'")
			}
			if punct(p.peek(), "(") {
				fn, err := p.parseFunction(name)
				if err != nil {
					return nil, err
				}
				left = appendStep(left, fn)
				continue
			}
			left = appendStep(left, &childOp{name: name.text})
		case punct(t, "["):
			return nil, unsupportedAt(p.src, t.pos, "indexer '[]'")
		default:
			return left, nil
		}
	}
}

func (p *parser) parseTerm() (op, *CompileError) {
	t := p.next()
	switch t.kind {
	case tokIdent:
		if !t.quoted && (t.text == "true" || t.text == "false") {
			return &literalOp{node: Node{Value: t.text == "true", Type: "boolean"}}, nil
		}
		if punct(p.peek(), "(") {
			fn, err := p.parseFunction(t)
			if err != nil {
				return nil, err
			}
			return &chainOp{steps: []op{fn}}, nil
		}
		if c := t.text[0]; c >= 'A' && c <= 'Z' {
			// A leading capitalised name is a type: Patient.name on a
			// Patient starts from the resource, on anything else it is empty.
			typ, err := p.checkType(t.text, t.pos)
			if err != nil {
				return nil, err
			}
			return &chainOp{steps: []op{&typeFilterOp{typ: typ}}}, nil
		}
		return &chainOp{steps: []op{&childOp{name: t.text}}}, nil
	case tokString:
		return &literalOp{node: Node{Value: t.text, Type: "string"}}, nil
	case tokNumber:
		return nil, unsupportedAt(p.src, t.pos, "number literal "+t.text)
	case tokSpecial:
		switch t.text[0] {
		case '$':
			return nil, unsupportedAt(p.src, t.pos, "variable "+t.text)
		case '%':
			return nil, unsupportedAt(p.src, t.pos, "environment variable "+t.text)
		}
		return nil, unsupportedAt(p.src, t.pos, "date/time literal "+t.text)
	case tokPunct:
		switch t.text {
		case "(":
			inner, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return inner, nil
		case "{":
			return nil, unsupportedAt(p.src, t.pos, "empty collection literal {}")
		}
	}
	return nil, p.unexpected(t)
}

// parseFunction parses the argument list of the function named by name,
// whose "(" is the next token.
func (p *parser) parseFunction(name token) (op, *CompileError) {
	p.next() // (
	fn := name.text
	switch fn {
	case "where":
		cond, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &whereOp{cond: cond}, nil
	case "exists":
		if punct(p.peek(), ")") {
			p.next()
			return &existsOp{}, nil
		}
		cond, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &existsOp{cond: cond}, nil
	case "as", "is", "ofType":
		typ, err := p.parseTypeSpecifier()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		if fn == "is" {
			return &isFuncOp{typ: typ}, nil
		}
		return &ofTypeOp{typ: typ}, nil
	case "resolve":
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &resolveOp{pos: name.pos}, nil
	case "extension":
		arg := p.next()
		if arg.kind != tokString {
			return nil, unsupportedAt(p.src, arg.pos, "extension() with an argument other than a string literal")
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &extensionOp{url: arg.text}, nil
	}
	return nil, unsupportedAt(p.src, name.pos, "function "+fn+"()")
}

// systemType maps a FHIRPath System type to the FHIR primitive type that
// holds it, so that as(DateTime), used by some R4 composite parameters,
// selects a FHIR dateTime.
func systemType(name string) (string, bool) {
	switch name {
	case "Boolean", "String", "Integer", "Decimal", "Date", "Time":
		return string(name[0]-'A'+'a') + name[1:], true
	case "DateTime":
		return "dateTime", true
	}
	return "", false
}

// parseTypeSpecifier reads a type name: Quantity, dateTime, FHIR.Patient,
// System.String or DateTime (a System type, read as the FHIR primitive).
func (p *parser) parseTypeSpecifier() (string, *CompileError) {
	t := p.next()
	if t.kind != tokIdent {
		return "", syntaxAt(p.src, t.pos, "expected a type name")
	}
	name := t.text
	if punct(p.peek(), ".") && (name == "FHIR" || name == "System") {
		p.next()
		n := p.next()
		if n.kind != tokIdent {
			return "", syntaxAt(p.src, n.pos, "expected a type name after "+name+".")
		}
		if name == "System" {
			ft, ok := systemType(n.text)
			if !ok {
				return "", unsupportedAt(p.src, n.pos, "type System."+n.text)
			}
			return ft, nil
		}
		name = n.text
	} else if ft, ok := systemType(name); ok {
		return ft, nil
	}
	return p.checkType(name, t.pos)
}

func (p *parser) checkType(name string, pos int) (string, *CompileError) {
	if !isType(name) {
		return "", syntaxAt(p.src, pos, fmt.Sprintf("unknown FHIR type %q", name))
	}
	return name, nil
}

// appendStep applies step to the result of left.
func appendStep(left op, step op) op {
	if c, ok := left.(*chainOp); ok {
		if _, isResolve := c.steps[len(c.steps)-1].(*resolveOp); isResolve {
			if is, ok := step.(*isFuncOp); ok {
				return replaceLast(c, &resolveIsOp{typ: is.typ, single: true})
			}
		}
		steps := make([]op, len(c.steps), len(c.steps)+1)
		copy(steps, c.steps)
		return &chainOp{steps: append(steps, step)}
	}
	return &chainOp{steps: []op{left, step}}
}

func replaceLast(c *chainOp, step op) op {
	steps := make([]op, len(c.steps))
	copy(steps, c.steps)
	steps[len(steps)-1] = step
	return &chainOp{steps: steps}
}

// findResolve reports the position of a resolve() that was not folded
// into a resolve() is Type test.
func findResolve(o op) (int, bool) {
	switch o := o.(type) {
	case *resolveOp:
		return o.pos, true
	case *chainOp:
		for _, s := range o.steps {
			if pos, ok := findResolve(s); ok {
				return pos, true
			}
		}
	case *whereOp:
		return findResolve(o.cond)
	case *existsOp:
		if o.cond != nil {
			return findResolve(o.cond)
		}
	case *unionOp:
		return findResolve2(o.left, o.right)
	case *equalOp:
		return findResolve2(o.left, o.right)
	case *andOp:
		return findResolve2(o.left, o.right)
	case *isOp:
		return findResolve(o.operand)
	}
	return 0, false
}

func findResolve2(a, b op) (int, bool) {
	if pos, ok := findResolve(a); ok {
		return pos, true
	}
	return findResolve(b)
}
