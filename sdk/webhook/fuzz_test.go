package webhook

import (
	"testing"
	"time"
)

// FuzzValidate: any header is accepted only when it carries this payload's
// signature with this secret at a time within tolerance; a header made by
// SignHeader always is.
func FuzzValidate(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	f.Add([]byte(`{"id":"evt_1"}`), SignHeader([]byte(`{"id":"evt_1"}`), now, "whsec_a"), "whsec_a")
	f.Add([]byte(`{}`), "t=1800000000,v1=00", "whsec_a")
	f.Add([]byte(``), "t=,v1=", "")
	f.Add([]byte(`x`), "v1=abc,t=1800000000,v1=zz,t=1", "s")
	f.Fuzz(func(t *testing.T, payload []byte, header, secret string) {
		if err := validate(payload, header, secret, time.Minute, now); err == nil {
			if validate(payload, SignHeader(payload, now, secret+"x"), secret, time.Minute, now) == nil {
				t.Fatalf("a signature with another secret verified")
			}
		}
		if err := validate(payload, SignHeader(payload, now, secret), secret, time.Minute, now); err != nil {
			t.Fatalf("SignHeader's own header refused: %v", err)
		}
	})
}
