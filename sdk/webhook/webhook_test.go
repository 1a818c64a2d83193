package webhook

import (
	"encoding/hex"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The vector: HMAC-SHA256 computed by openssl, not by this package:
//
//	printf '%s' "1735689600.$body" | openssl dgst -sha256 -hmac whsec_test_secret
const (
	vectorBody   = `{"id":"evt_test","object":"event","type":"payment.succeeded"}`
	vectorSecret = "whsec_test_secret"
	vectorOld    = "whsec_old_secret"
	vectorT      = 1735689600
	vectorSig    = "8b4696bb734840c53ec3691a04bbdcb557fa5ac74ca7eed534730e76a26eed2a"
	vectorOldSig = "0d5e9113f8323f26218cdfb8881b6d626db540534ba4c1547ac89a3494cd2916"
)

func TestSignatureMatchesAnIndependentHMAC(t *testing.T) {
	t.Parallel()
	at := time.Unix(vectorT, 0)
	if got := hex.EncodeToString(ComputeSignature(at, []byte(vectorBody), vectorSecret)); got != vectorSig {
		t.Fatalf("signature = %s, want %s", got, vectorSig)
	}
	if got := SignHeader([]byte(vectorBody), at, vectorSecret, vectorOld); got != "t=1735689600,v1="+vectorSig+",v1="+vectorOldSig {
		t.Fatalf("header = %s", got)
	}
	// And again with openssl itself, when the machine has it.
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Log("openssl not installed; the hard-coded vector stands in for it")
		return
	}
	cmd := exec.Command(openssl, "dgst", "-sha256", "-hmac", vectorSecret)
	cmd.Stdin = strings.NewReader("1735689600." + vectorBody)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl: %v", err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(out)), "= "+vectorSig) {
		t.Fatalf("openssl says %s, want %s", out, vectorSig)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	signedAt := time.Unix(vectorT, 0)
	body := []byte(vectorBody)
	good := "t=1735689600,v1=" + vectorSig
	tests := []struct {
		name      string
		body      []byte
		header    string
		secret    string
		now       time.Time
		tolerance time.Duration
		want      error
	}{
		{"good", body, good, vectorSecret, signedAt.Add(time.Minute), 0, nil},
		{"Stripe's layout: v0 beside v1, spaces", body, "t=1735689600, v1=" + vectorSig + ", v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39",
			vectorSecret, signedAt, 0, nil},
		{"tampered body", []byte(strings.Replace(vectorBody, "succeeded", "failed", 1)), good, vectorSecret, signedAt, 0, ErrNoValidSignature},
		{"wrong secret", body, good, "whsec_other", signedAt, 0, ErrNoValidSignature},
		{"signature of another timestamp", body, "t=1735689601,v1=" + vectorSig, vectorSecret, signedAt, 0, ErrNoValidSignature},
		{"stale", body, good, vectorSecret, signedAt.Add(5*time.Minute + time.Second), 0, ErrTooOld},
		{"stale within a wider tolerance", body, good, vectorSecret, signedAt.Add(9 * time.Minute), 10 * time.Minute, nil},
		{"future", body, good, vectorSecret, signedAt.Add(-6 * time.Minute), 0, ErrInFuture},
		{"slightly future (clock skew)", body, good, vectorSecret, signedAt.Add(-time.Minute), 0, nil},
		{"two v1s during a roll: new secret", body, "t=1735689600,v1=" + vectorSig + ",v1=" + vectorOldSig, vectorSecret, signedAt, 0, nil},
		{"two v1s during a roll: old secret", body, "t=1735689600,v1=" + vectorSig + ",v1=" + vectorOldSig, vectorOld, signedAt, 0, nil},
		{"two v1s, neither ours", body, "t=1735689600,v1=" + vectorSig + ",v1=" + vectorOldSig, "whsec_third", signedAt, 0, ErrNoValidSignature},
		{"empty header", body, "", vectorSecret, signedAt, 0, ErrInvalidHeader},
		{"garbage", body, "garbage", vectorSecret, signedAt, 0, ErrInvalidHeader},
		{"no timestamp", body, "v1=" + vectorSig, vectorSecret, signedAt, 0, ErrInvalidHeader},
		{"timestamp not a number", body, "t=soon,v1=" + vectorSig, vectorSecret, signedAt, 0, ErrInvalidHeader},
		{"no signature", body, "t=1735689600", vectorSecret, signedAt, 0, ErrNotSigned},
		{"only v0", body, "t=1735689600,v0=" + vectorSig, vectorSecret, signedAt, 0, ErrNotSigned},
		{"signature not hex", body, "t=1735689600,v1=zz", vectorSecret, signedAt, 0, ErrNotSigned},
		{"truncated signature", body, "t=1735689600,v1=" + vectorSig[:20], vectorSecret, signedAt, 0, ErrNotSigned},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := validate(tc.body, tc.header, tc.secret, tc.tolerance, tc.now)
			if !errors.Is(err, tc.want) {
				t.Fatalf("validate = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestConstructEvent(t *testing.T) {
	t.Parallel()
	body := []byte(`{"id":"evt_1","object":"event","type":"payment.succeeded","created":1735689600,"livemode":false,` +
		`"data":{"object":{"id":"pay_1","object":"payment","amount":2000}}}`)
	now := time.Now()
	ev, err := ConstructEvent(body, SignHeader(body, now, "whsec_a"), "whsec_a", 0)
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "evt_1" || ev.Type != "payment.succeeded" || string(ev.Data.Object) != `{"id":"pay_1","object":"payment","amount":2000}` {
		t.Fatalf("event = %+v", ev)
	}
	if _, err := ConstructEvent(body, SignHeader(body, now.Add(-10*time.Minute), "whsec_a"), "whsec_a", 0); !errors.Is(err, ErrTooOld) {
		t.Fatalf("stale: %v", err)
	}
	if _, err := ConstructEvent([]byte("not json"), SignHeader([]byte("not json"), now, "whsec_a"), "whsec_a", 0); err == nil {
		t.Fatal("a signed non-JSON body decoded")
	}
}
