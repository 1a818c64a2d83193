package server

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// RateLimits are requests per second, each with a burst of one second's
// worth, as Stripe's limits work. Zero turns a limit off.
type RateLimits struct {
	Live int // per live API key
	Test int // per test API key
	IP   int // per client address, before authentication (key guessing, floods)
}

// DefaultRateLimits are Stripe's limits per key (100 live, 25 test) and a
// per-address limit above what one well-behaved client sends.
var DefaultRateLimits = RateLimits{Live: 100, Test: 25, IP: 200}

// RateResult is one limiter decision.
type RateResult struct {
	Allowed    bool
	Limit      int           // requests per second
	Remaining  int           // requests that would be allowed at once now
	RetryAfter time.Duration // when refused: until the next request is allowed
	ResetAfter time.Duration // until the bucket is full again
}

// Limiter decides whether the caller named by key may make one more request
// at perSecond requests a second. LocalLimiter keeps buckets in this process;
// RedisLimiter shares them between every node on one Redis.
type Limiter interface {
	Allow(ctx context.Context, key string, perSecond int) (RateResult, error)
}

// LocalLimiter is a token bucket per key (golang.org/x/time/rate), in memory.
// Buckets idle for a minute are forgotten, so a flood of addresses cannot
// grow it without bound for long.
type LocalLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	calls   int
	now     func() time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLocalLimiter returns an empty LocalLimiter.
func NewLocalLimiter() *LocalLimiter { return NewLocalLimiterAt(time.Now) }

// NewLocalLimiterAt is NewLocalLimiter on another clock: tests stop it, so
// that how many requests a bucket lets through does not depend on how fast
// the machine runs them.
func NewLocalLimiterAt(now func() time.Time) *LocalLimiter {
	return &LocalLimiter{buckets: map[string]*bucket{}, now: now}
}

const localIdle = time.Minute

// Allow takes a token from key's bucket when there is one.
func (l *LocalLimiter) Allow(_ context.Context, key string, perSecond int) (RateResult, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.calls++; l.calls%4096 == 0 || len(l.buckets) > 100_000 {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > localIdle {
				delete(l.buckets, k)
			}
		}
	}
	b := l.buckets[key]
	if b == nil || b.lim.Burst() != perSecond {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(perSecond), perSecond)}
		l.buckets[key] = b
	}
	b.seen = now
	res := RateResult{Limit: perSecond}
	if b.lim.AllowN(now, 1) {
		res.Allowed = true
	} else {
		r := b.lim.ReserveN(now, 1)
		res.RetryAfter = r.DelayFrom(now)
		r.CancelAt(now)
	}
	tokens := b.lim.TokensAt(now)
	res.Remaining = max(0, int(math.Floor(tokens)))
	res.ResetAfter = time.Duration((float64(perSecond) - tokens) / float64(perSecond) * float64(time.Second))
	return res, nil
}

// RedisLimiter shares buckets across nodes (GCRA in Redis, go-redis/redis_rate).
type RedisLimiter struct {
	lim    *redis_rate.Limiter
	prefix string
}

// NewRedisLimiter connects to the Redis at url (redis://host:port/db).
// Keys are namespaced by prefix.
func NewRedisLimiter(url, prefix string) (*RedisLimiter, *redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, nil, fmt.Errorf("redis url: %w", err)
	}
	rdb := redis.NewClient(opt)
	return &RedisLimiter{lim: redis_rate.NewLimiter(rdb), prefix: prefix}, rdb, nil
}

// Allow asks Redis for one request of key's allowance.
func (l *RedisLimiter) Allow(ctx context.Context, key string, perSecond int) (RateResult, error) {
	r, err := l.lim.Allow(ctx, l.prefix+key, redis_rate.PerSecond(perSecond))
	if err != nil {
		return RateResult{}, err
	}
	return RateResult{Allowed: r.Allowed > 0, Limit: perSecond, Remaining: r.Remaining,
		RetryAfter: max(0, r.RetryAfter), ResetAfter: max(0, r.ResetAfter)}, nil
}

// rateLimiter applies the limits; a nil one allows everything.
type rateLimiter struct {
	lim     Limiter
	limits  RateLimits
	proxies []netip.Prefix
	log     *slog.Logger
}

// check takes one request from key's allowance and sets the RateLimit
// headers. It reports false, having answered 429 in the request's dialect,
// when the caller is over the limit. A limiter that fails (Redis is down)
// lets the request through: a payment is worth more than a limit.
func (rl *rateLimiter) check(w http.ResponseWriter, r *http.Request, key string, perSecond int,
	writeError func(http.ResponseWriter, *http.Request, *slog.Logger, error)) bool {
	if rl == nil || rl.lim == nil || perSecond <= 0 {
		return true
	}
	res, err := rl.lim.Allow(r.Context(), key, perSecond)
	if err != nil {
		rl.log.WarnContext(r.Context(), "rate limiter unavailable; request allowed", "request_id", web.RequestID(r.Context()),
			"error", err.Error())
		return true
	}
	h := w.Header()
	h.Set("RateLimit-Limit", strconv.Itoa(res.Limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(res.Remaining))
	h.Set("RateLimit-Reset", strconv.Itoa(ceilSeconds(res.ResetAfter)))
	if res.Allowed {
		return true
	}
	h.Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(res.RetryAfter))))
	writeError(w, r, nil, &domain.Error{Code: domain.CodeRateLimited, Reason: "rate_limit",
		Message: fmt.Sprintf("Too many requests: the limit is %d a second. Retry after the time in the Retry-After header, "+
			"with exponential backoff.", res.Limit)})
	return false
}

func ceilSeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

// keyLimit is the allowance of an authenticated key.
func (rl *rateLimiter) keyLimit(a domain.Auth) int {
	if rl == nil {
		return 0
	}
	if a.Livemode {
		return rl.limits.Live
	}
	return rl.limits.Test
}

// clientIP is the address a request came from: the connection's peer, or,
// when the peer is a proxy the operator trusts, the last address in
// X-Forwarded-For that is not one of those proxies.
func clientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !isTrusted(a, trusted) {
			return a.Unmap().String()
		}
	}
	return host
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
