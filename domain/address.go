package domain

import (
	"net/netip"
	"strings"
)

// Outbound requests (webhook deliveries, Paysley response_url callbacks) go
// to addresses merchants choose, so a merchant could otherwise point the
// server at its own network. These ranges decide where it may connect. The
// webhook client applies them to the address it actually dials, after DNS;
// URL validation applies them to hosts written as addresses.

// neverPrefixes are refused whatever the operator allows: no endpoint can
// live there, and some (cloud metadata at 169.254.169.254) must never be
// reached.
var neverPrefixes = prefixes(
	"0.0.0.0/8",           // "this network"
	"169.254.0.0/16",      // link-local, cloud metadata
	"224.0.0.0/4",         // multicast
	"240.0.0.0/4",         // reserved, and 255.255.255.255 broadcast
	"::/128", "fe80::/10", // unspecified, link-local
	"ff00::/8",  // multicast
	"fec0::/10", // site-local (deprecated)
)

// privatePrefixes are refused unless the operator allows private targets
// (test mode, --webhook-allow-private): a developer's own machine and network.
var privatePrefixes = prefixes(
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // RFC 1918
	"127.0.0.0/8", "::1/128", // loopback
	"100.64.0.0/10",   // shared address space (carrier-grade NAT)
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation
	"198.18.0.0/15",   // benchmarking, often routed inside data centres
	"198.51.100.0/24", // documentation
	"203.0.113.0/24",  // documentation
	"fc00::/7",        // unique local
	"2001:db8::/32",   // documentation
	"100::/64",        // discard
)

var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")   // RFC 6052: the last 32 bits are an IPv4 address
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48") // RFC 8215, local-use NAT64
	sixToFour  = netip.MustParsePrefix("2002::/16")      // RFC 3056: bits 16–47 are an IPv4 address
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// OutboundAllowed reports whether the server may connect to ip: never to
// link-local, multicast, broadcast, unspecified or reserved addresses; to
// loopback, private, shared, benchmarking and documentation ranges only when
// private is true. An IPv6 address that embeds an IPv4 one (IPv4-mapped,
// NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4 address too,
// since that is where the packets end up.
func OutboundAllowed(ip netip.Addr, private bool) bool {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() {
		return false
	}
	for _, p := range neverPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	if !private {
		for _, p := range privatePrefixes {
			if p.Contains(ip) {
				return false
			}
		}
	}
	if v4, ok := embeddedIPv4(ip); ok {
		return OutboundAllowed(v4, private)
	}
	return true
}

// embeddedIPv4 returns the IPv4 address a NAT64 or 6to4 address carries.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case nat64Local.Contains(ip):
		// RFC 6052 §2.2 layout for a /48 prefix: bits 48–63, then 72–87 (octet 8 is zero).
		return netip.AddrFrom4([4]byte{b[6], b[7], b[9], b[10]}), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// refusedHost reports whether a URL's host is written as an address that no
// outbound request may reach (OutboundAllowed with private targets allowed),
// so that such a URL is refused when it is given rather than at every
// delivery. Names are judged at delivery, on the address they resolve to.
func refusedHost(host string) bool {
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && !OutboundAllowed(ip, true)
}
