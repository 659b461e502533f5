package search

import (
	"errors"
	"math/big"
)

// searchNumber is a number search value: its exact value and the half-width
// of the range its precision implies. "100" is 100 ± 0.5, "100.00" is
// 100 ± 0.005, "1e2" is 100 ± 50 (one significant figure).
type searchNumber struct {
	value, half *big.Rat
}

// lowHigh is the search range [value - half, value + half).
func (n searchNumber) lowHigh() (lo, hi *big.Rat) {
	return new(big.Rat).Sub(n.value, n.half), new(big.Rat).Add(n.value, n.half)
}

var errNumberFormat = errors.New("expected a decimal number such as 5, -0.25 or 1.5e3")

// parseSearchNumber reads a decimal literal as FHIR writes them, with an
// optional exponent.
func parseSearchNumber(s string) (searchNumber, error) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	intStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == intStart {
		return searchNumber{}, errNumberFormat
	}
	frac := 0
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if frac = i - start; frac == 0 {
			return searchNumber{}, errNumberFormat
		}
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			neg = s[i] == '-'
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp = exp*10 + int(s[i]-'0'); exp > 1000 {
				return searchNumber{}, errors.New("the exponent is out of range")
			}
			i++
		}
		if i == start {
			return searchNumber{}, errNumberFormat
		}
		if neg {
			exp = -exp
		}
	}
	if i != len(s) || frac > 1000 {
		return searchNumber{}, errNumberFormat
	}
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return searchNumber{}, errNumberFormat
	}
	// Half a unit in the last written digit: 5 × 10^(exp - frac - 1).
	half := big.NewRat(5, 1)
	scale := exp - frac - 1
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(absInt(scale))), nil)
	if scale >= 0 {
		half.Mul(half, new(big.Rat).SetInt(pow))
	} else {
		half.Quo(half, new(big.Rat).SetInt(pow))
	}
	return searchNumber{value: v, half: half}, nil
}

func absInt(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// interval is the set of numbers a target value covers: a point for a
// plain decimal, [low, high] for a Range, a half-line for a Quantity with a
// comparator (<5). A nil bound is infinite.
type interval struct {
	lo, hi         *big.Rat
	loOpen, hiOpen bool
}

func point(v *big.Rat) interval { return interval{lo: v, hi: v} }

// matchNumber applies prefix to a search number and a target interval t.
// eq and ne use the precision range of the search value (eq: the range
// contains t); gt, lt, ge and le compare with the exact search value (R4:
// "gt100: values greater than exactly 100"); sa and eb require t to lie
// wholly above or below the precision range; ap widens the value by 10% of
// itself (at least its precision) and asks for overlap.
func matchNumber(prefix Prefix, n searchNumber, t interval) bool {
	v := n.value
	switch prefix {
	case PrefixNone, PrefixEq, PrefixNe:
		lo, hi := n.lowHigh()
		in := t.lo != nil && t.hi != nil && t.lo.Cmp(lo) >= 0 && (t.hi.Cmp(hi) < 0 || t.hi.Cmp(hi) == 0 && t.hiOpen)
		return in == (prefix != PrefixNe)
	case PrefixGt:
		return t.hi == nil || t.hi.Cmp(v) > 0
	case PrefixLt:
		return t.lo == nil || t.lo.Cmp(v) < 0
	case PrefixGe:
		return t.hi == nil || t.hi.Cmp(v) > 0 || t.hi.Cmp(v) == 0 && !t.hiOpen
	case PrefixLe:
		return t.lo == nil || t.lo.Cmp(v) < 0 || t.lo.Cmp(v) == 0 && !t.loOpen
	case PrefixSa:
		_, hi := n.lowHigh()
		return t.lo != nil && t.lo.Cmp(hi) >= 0
	case PrefixEb:
		lo, _ := n.lowHigh()
		return t.hi != nil && (t.hi.Cmp(lo) < 0 || t.hi.Cmp(lo) == 0 && t.hiOpen)
	case PrefixAp:
		d := new(big.Rat).Abs(v)
		d.Quo(d, big.NewRat(10, 1))
		if d.Cmp(n.half) < 0 {
			d = n.half
		}
		lo, hi := new(big.Rat).Sub(v, d), new(big.Rat).Add(v, d)
		return (t.hi == nil || t.hi.Cmp(lo) > 0 || t.hi.Cmp(lo) == 0 && !t.hiOpen) &&
			(t.lo == nil || t.lo.Cmp(hi) < 0 || t.lo.Cmp(hi) == 0 && !t.loOpen)
	}
	return false
}
