package samples

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
)

// rng is a deterministic random stream. Every stream is keyed by the seed and a list of labels
// (kind, institution, year, purpose …), so that what one generator draws never depends on how
// much another one drew before it: the planted cases draw from streams of their own and stay the
// same at every scale while the background grows.
type rng struct{ r *rand.Rand }

func labelHash(labels []any) uint64 {
	h := fnv.New64a()
	for _, l := range labels {
		switch v := l.(type) {
		case string:
			h.Write([]byte(v))
		case int:
			h.Write([]byte(strconv.Itoa(v)))
		case int64:
			h.Write([]byte(strconv.FormatInt(v, 10)))
		case uint64:
			h.Write([]byte(strconv.FormatUint(v, 10)))
		default:
			panic("samples: unsupported rng label")
		}
		h.Write([]byte{0})
	}
	return h.Sum64()
}

func newRNG(seed uint64, labels ...any) *rng {
	return &rng{rand.New(rand.NewPCG(seed, labelHash(labels)))}
}

// intn returns a uniform int in [0, n).
func (r *rng) intn(n int) int { return r.r.IntN(n) }

// between returns a uniform int in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.r.IntN(hi-lo+1) }

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return r.r.Float64() }

// uniform returns a uniform float64 in [lo, hi).
func (r *rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.r.Float64() }

// norm returns a standard normal deviate.
func (r *rng) norm() float64 { return r.r.NormFloat64() }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.r.Float64() < p }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// perm returns a random permutation of [0, n).
func (r *rng) perm(n int) []int { return r.r.Perm(n) }

// scramble maps i in [0, space) to a unique, random-looking number in [0, space): an affine
// bijection modulo space (space must be a power of ten; mul is odd and not divisible by 5). It
// gives identifiers (settlement ids, order numbers) that do not reveal the order in which rows
// were made, so planted rows cannot be told apart from background rows by their ids.
func scramble(i, space, mul, add uint64) uint64 {
	return (i%space*(mul%space) + add) % space
}

// pearson returns the Pearson correlation of x and y (NaN when undefined).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// cv returns the coefficient of variation (population standard deviation / mean) of x.
func cv(x []float64) float64 {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s/float64(len(x))) / m
}
