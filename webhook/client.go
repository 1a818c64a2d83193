package webhook

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// Guard says which addresses a delivery may connect to. The check runs on the
// address actually dialled, after DNS, so a name that resolves to a refused
// address is refused too.
type Guard int

const (
	// GuardLinkLocal refuses link-local addresses (169.254.0.0/16 and
	// fe80::/10, where cloud metadata services answer), unspecified,
	// multicast, broadcast and reserved (240.0.0.0/4) addresses. Test mode
	// uses it: developers deliver to localhost and machines on their network.
	GuardLinkLocal Guard = iota
	// GuardPublic also refuses loopback, private (RFC 1918, fc00::/7),
	// shared (100.64.0.0/10), benchmarking (198.18.0.0/15) and documentation
	// addresses. Live mode uses it. Both guards judge a NAT64 or 6to4
	// address by the IPv4 address it embeds (domain.OutboundAllowed).
	GuardPublic
)

// ClientConfig configures the HTTP client that posts events.
type ClientConfig struct {
	// Timeout bounds one delivery, from dialling to the end of the response
	// headers (default 10s).
	Timeout time.Duration
	Guard   Guard
	// TLS, when set, replaces the default TLS configuration (private CAs, tests).
	TLS *tls.Config
}

// ErrAddressRefused is returned for a connection the Guard refused.
var ErrAddressRefused = errors.New("refused to connect to this address (private, loopback, link-local or not unicast)")

// maxRedirects bounds same-host redirects.
const maxRedirects = 3

// NewClient returns a client for deliveries. It uses no proxy from the
// environment, keeps connections to endpoints alive, follows only 307 and 308
// redirects to the same host (other redirects fail the delivery: 301-303
// would turn the POST into a GET, and another host is not the endpoint the
// merchant registered), and dials only what cfg.Guard allows.
func NewClient(cfg ClientConfig) *http.Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	dialer := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second, Control: cfg.Guard.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       cfg.TLS,
		TLSHandshakeTimeout:   cfg.Timeout,
		ResponseHeaderTimeout: cfg.Timeout,
		// Enough kept-alive connections for every worker to post to one
		// host at once: a busy endpoint must not cost a new connection
		// per delivery.
		MaxIdleConns:        512,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			first := via[0]
			switch {
			case len(via) > maxRedirects:
				return fmt.Errorf("more than %d redirects", maxRedirects)
			case req.Method != http.MethodPost:
				return fmt.Errorf("redirected with HTTP %d, which would resend the event as a %s; only 307 and 308 are followed",
					req.Response.StatusCode, req.Method)
			case req.URL.Host != first.URL.Host:
				return fmt.Errorf("redirect to another host (%s) refused", req.URL.Host)
			case first.URL.Scheme == "https" && req.URL.Scheme != "https":
				return errors.New("redirect from https to http refused")
			}
			return nil
		},
	}
}

// control refuses connections to addresses the guard does not allow.
func (g Guard) control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrAddressRefused, host)
	}
	if !domain.OutboundAllowed(ip, g != GuardPublic) {
		return fmt.Errorf("%w: %s", ErrAddressRefused, ip.Unmap())
	}
	return nil
}
