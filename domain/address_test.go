package domain

import (
	"net/netip"
	"testing"
)

func TestOutboundAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr            string
		public, private bool // allowed with private targets refused (live), allowed (test)
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"169.254.169.254", false, false},
		{"fe80::1", false, false},
		{"0.0.0.0", false, false},
		{"::", false, false},
		{"255.255.255.255", false, false},
		{"240.0.0.1", false, false},
		{"224.0.0.1", false, false},
		{"ff02::1", false, false},
		{"127.0.0.1", false, true},
		{"::1", false, true},
		{"10.1.2.3", false, true},
		{"172.16.0.1", false, true},
		{"192.168.1.1", false, true},
		{"100.64.0.1", false, true},
		{"198.18.0.1", false, true},
		{"198.19.255.255", false, true},
		{"198.20.0.1", true, true},
		{"fd00::1", false, true},
		{"::ffff:10.0.0.1", false, true},
		{"::ffff:169.254.169.254", false, false},
		// NAT64 and 6to4 carry an IPv4 address, which is where the packets go.
		{"64:ff9b::a9fe:a9fe", false, false}, // 169.254.169.254
		{"64:ff9b::a00:1", false, true},      // 10.0.0.1
		{"64:ff9b::5db8:d822", true, true},   // 93.184.216.34
		{"64:ff9b:1:a9fe:00a9:fe00::", false, false},
		{"2002:a9fe:a9fe::1", false, false}, // 169.254.169.254
		{"2002:7f00:1::1", false, true},     // 127.0.0.1
		{"2002:c0a8:101::1", false, true},   // 192.168.1.1
		{"2002:5db8:d822::1", true, true},   // 93.184.216.34
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.addr)
		if got := OutboundAllowed(ip, false); got != tt.public {
			t.Errorf("OutboundAllowed(%s, live) = %v, want %v", tt.addr, got, tt.public)
		}
		if got := OutboundAllowed(ip, true); got != tt.private {
			t.Errorf("OutboundAllowed(%s, private allowed) = %v, want %v", tt.addr, got, tt.private)
		}
	}
}
