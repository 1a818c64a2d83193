package notify_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/notify/notifytest"
)

func TestTwilio(t *testing.T) {
	t.Parallel()
	sink := notifytest.NewSMSSink(t)
	p, err := notify.NewTwilio(sink.ProviderURL("AC1", "tok"), nil)
	if err != nil {
		t.Fatal(err)
	}
	id, err := p.SendSMS(context.Background(), notify.SMS{To: "+12015550123", From: "+12015550100", Body: "hi",
		MediaURL: "https://x.test/r.png"})
	got := sink.Messages()
	if err != nil || id == "" || len(got) != 1 || got[0].Body != "hi" || got[0].MediaURL[0] != "https://x.test/r.png" {
		t.Fatalf("SendSMS = %q, %v; sink %+v", id, err, got)
	}
	for _, c := range []struct {
		status    int
		permanent bool
	}{{400, true}, {404, true}, {401, false}, {429, false}, {500, false}, {503, false}} {
		sink.Fail(func(int) int { return c.status })
		_, err := p.SendSMS(context.Background(), notify.SMS{To: "+1", Body: "x"})
		if err == nil || notify.IsPermanent(err) != c.permanent {
			t.Errorf("%d: err %v, permanent %v", c.status, err, notify.IsPermanent(err))
		}
	}
	for _, bad := range []string{"ftp://a:b@x", "https://x.test", "https://AC1@x.test", "::"} {
		if _, err := notify.NewTwilio(bad, nil); err == nil {
			t.Errorf("NewTwilio(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"http://x", "smtp://", "smtp://h:99999"} {
		if _, err := notify.NewSMTP(bad, nil); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
}
