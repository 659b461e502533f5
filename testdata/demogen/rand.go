package demogen

import (
	"math"
	"math/rand/v2"
	"time"
)

// rng is the generator's source of randomness: a PCG stream from
// math/rand/v2 plus the few helpers the generator needs. Every stream is
// derived from the Config seed and a fixed stream key (see newRNG), so the
// output is a pure function of the Config.
type rng struct {
	r *rand.Rand
}

// Stream keys keep the random draws of unrelated parts of the generator
// independent: adding a resource to the GP record does not change the
// hospital record of the same person, and person i's data does not depend
// on how many draws person i-1 needed.
const (
	streamPeople uint64 = iota + 1
	streamScenario
	streamPerson
	streamGP
	streamAcute
	streamSocial
	streamIDs
)

// newRNG returns the stream for (seed, kind, index). The pair is mixed with
// splitmix64 so that neighbouring indexes give unrelated PCG states.
func newRNG(seed, kind, index uint64) *rng {
	a := splitmix(seed ^ splitmix(kind))
	b := splitmix(a ^ splitmix(index+0x9e3779b97f4a7c15))
	return &rng{r: rand.New(rand.NewPCG(a, b))}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// intn returns a value in [0, n); n <= 0 gives 0.
func (g *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return g.r.IntN(n)
}

// between returns a value in [lo, hi].
func (g *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (g *rng) chance(p float64) bool {
	return g.r.Float64() < p
}

// normal draws from N(mean, sd) clamped to [lo, hi].
func (g *rng) normal(mean, sd, lo, hi float64) float64 {
	return math.Min(hi, math.Max(lo, mean+sd*g.r.NormFloat64()))
}

// round1 rounds to one decimal place, which is how most clinical systems
// record weights, lab values and scores.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// pick returns a random element of xs, which must not be empty.
func pick[T any](g *rng, xs []T) T {
	return xs[g.r.IntN(len(xs))]
}

// weighted returns an index into weights, chosen in proportion to them.
func (g *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := g.r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// day returns a random day in [from, to), at midnight UTC. An empty or
// inverted range gives from.
func (g *rng) day(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return midnight(from).AddDate(0, 0, g.intn(days))
}

// clinic moves a day to a weekday and gives it a time within surgery hours
// (08:00-17:50, on the ten minutes), where most GP and outpatient activity
// happens.
func (g *rng) clinic(day time.Time) time.Time {
	day = midnight(day)
	switch day.Weekday() {
	case time.Saturday:
		day = day.AddDate(0, 0, 2)
	case time.Sunday:
		day = day.AddDate(0, 0, 1)
	}
	return day.Add(time.Duration(g.between(8*6, 17*6+5)) * 10 * time.Minute)
}

// clinicBetween returns a surgery time on a random weekday in [from, to).
// Unlike clinic(day(from, to)), it never moves a weekend past to (which
// may be the reference date or a death) nor before from; in a range with
// no weekday it keeps the weekend day.
func (g *rng) clinicBetween(from, to time.Time) time.Time {
	day := g.day(from, to)
	for _, shift := range []int{0, 1, 2, -1, -2} {
		d := day.AddDate(0, 0, shift)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !d.Before(midnight(from)) && d.Before(to) {
			day = d
			break
		}
	}
	return day.Add(time.Duration(g.between(8*6, 17*6+5)) * 10 * time.Minute)
}

// anytime gives a day a time at any hour, on the minute, as emergency
// department arrivals have.
func (g *rng) anytime(day time.Time) time.Time {
	return midnight(day).Add(time.Duration(g.intn(24*60)) * time.Minute)
}

// uuid returns a random (version 4) UUID drawn from the stream, so it is
// reproducible.
func (g *rng) uuid() string {
	var b [16]byte
	hi, lo := g.r.Uint64(), g.r.Uint64()
	for i := 0; i < 8; i++ {
		b[i] = byte(hi >> (56 - 8*i))
		b[8+i] = byte(lo >> (56 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexdigits[c>>4], hexdigits[c&0x0f])
	}
	return string(out)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// minTime and maxTime are for clamping event dates to a person's life and
// to the reference date.
func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// FHIR date formats. Times are UTC; FHIR requires a zone on any dateTime
// with a time part.
func fdate(t time.Time) string     { return t.UTC().Format("2006-01-02") }
func fdateTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z07:00") }
