package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// signedIn returns a browser signed in as email and a CSRF token of its session.
func signedIn(t *testing.T, base, email string) (*browser, string) {
	t.Helper()
	b := newBrowser(t, base)
	if code, page := b.login(email, "correct horse battery"); code != 200 {
		t.Fatalf("sign in %s: %d\n%s", email, code, page)
	}
	_, page := b.get("/dashboard/password")
	return b, field(t, page)
}

// TestDashboardRenameBusiness: the owner renames the business in the
// settings (trimmed; empty, too long or with a line break refused, changing
// nothing); other roles are refused; the audit log records it; the
// dashboard and the customer's receipt show the new name.
func TestDashboardRenameBusiness(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		ctx := context.Background()
		mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
		mustUser(t, e.Engine, e.MerchantID, "dev@example.com", domain.RoleDeveloper)
		pay := e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payments", Auth: "bearer:" + e.Keys["sk_test"],
			Body: `{"amount": 2000, "currency": "usd", "payment_method": {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}}`})
		owner, csrf := signedIn(t, e.URL, "owner@example.com")
		dev, devCSRF := signedIn(t, e.URL, "dev@example.com")

		form := func(csrf, name string) url.Values {
			return url.Values{"csrf": {csrf}, "name": {name}, "timezone": {"UTC"}, "dunning_final": {"past_due"}, "wallets": {"APPLE_PAY", "GOOGLE_PAY"}}
		}
		for _, bad := range []struct{ name, want string }{
			{"   ", "The business name is required."},
			{"Acme\nBakery", "must not contain control characters"},
			{strings.Repeat("é", 101), "at most 100 characters"},
		} {
			if code, page := owner.post("/dashboard/settings", form(csrf, bad.name), "same-origin"); code != 422 || !strings.Contains(page, bad.want) {
				t.Errorf("name %q: %d, want 422 %q", bad.name, code, bad.want)
			}
		}
		if code, _ := dev.post("/dashboard/settings", form(devCSRF, "Dev Co"), "same-origin"); code != 403 {
			t.Errorf("a developer renamed the business: %d", code)
		}
		if m, _ := e.Engine.Merchant(ctx, e.MerchantID); m.Name != "Acme" {
			t.Fatalf("refused names changed the merchant: %q", m.Name)
		}
		if code, page := owner.post("/dashboard/settings", form(csrf, "  Acme Bakery & Co  "), "same-origin"); code != 200 ||
			!strings.Contains(page, "Settings saved") || !strings.Contains(page, `class="brand" href="/dashboard">Acme Bakery &amp; Co<`) {
			t.Fatalf("rename: %d\n%s", code, page)
		}
		if m, _ := e.Engine.Merchant(ctx, e.MerchantID); m.Name != "Acme Bakery & Co" {
			t.Fatalf("after the rename: %q", m.Name)
		}
		if _, page := owner.get("/dashboard/audit"); !strings.Contains(page, "merchant.renamed") || !strings.Contains(page, "Acme Bakery &amp; Co") {
			t.Error("the audit log lacks the rename")
		}
		// A form without the field (an older page) leaves the name.
		owner.post("/dashboard/settings", url.Values{"csrf": {csrf}, "timezone": {"UTC"}, "dunning_final": {"past_due"}}, "same-origin")
		if m, _ := e.Engine.Merchant(ctx, e.MerchantID); m.Name != "Acme Bakery & Co" {
			t.Errorf("a form without the name changed it: %q", m.Name)
		}
		res, err := http.Get(e.URL + "/receipts/" + pay.JSON["id"].(string))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		receipt, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || !strings.Contains(string(receipt), "Acme Bakery &amp; Co") {
			t.Errorf("receipt after the rename: %d", res.StatusCode)
		}
	})
}

var linkRe = regexp.MustCompile(`https?://[^\s]+/dashboard/invitations/([A-Za-z0-9]+)`)

// TestDashboardInvitations: an owner invites by e-mail; the link goes out
// through the outbox (and the outbox page does not show it); the invitee
// chooses a password and is signed in with the invited role; the link works
// once; a revoked or expired invitation is refused with a page saying why;
// only owners invite and revoke.
func TestDashboardInvitations(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		ctx := context.Background()
		mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
		mustUser(t, e.Engine, e.MerchantID, "viewer@example.com", domain.RoleViewer)
		owner, csrf := signedIn(t, e.URL, "owner@example.com")
		viewer, viewerCSRF := signedIn(t, e.URL, "viewer@example.com")

		invite := func(b *browser, csrf, email, role string) (int, string) {
			return b.post("/dashboard/users", url.Values{"csrf": {csrf}, "email": {email}, "role": {role}}, "same-origin")
		}
		if code, _ := invite(viewer, viewerCSRF, "mallory@example.com", "owner"); code != 403 {
			t.Fatalf("a viewer invited: %d", code)
		}
		for _, bad := range []struct{ email, role, want string }{
			{"not an address", "viewer", "The e-mail address is not valid."},
			{"viewer@example.com", "viewer", "A user with this e-mail address exists."},
			{"new@example.com", "admin", "The role must be owner, developer or viewer."},
		} {
			if code, page := invite(owner, csrf, bad.email, bad.role); code != 422 || !strings.Contains(page, bad.want) {
				t.Errorf("invite %q as %q: %d, want 422 %q", bad.email, bad.role, code, bad.want)
			}
		}
		code, page := invite(owner, csrf, "Dev@Example.com", "developer")
		if code != 200 || !strings.Contains(page, "Invitation e-mailed to <strong>dev@example.com</strong> as developer") ||
			!strings.Contains(page, `id="invitations"`) || !strings.Contains(page, "Revoke the invitation of dev@example.com") {
			t.Fatalf("invite: %d\n%s", code, page)
		}
		if linkRe.MatchString(page) {
			t.Fatal("the owner's page shows the invitation link")
		}

		// The e-mail waits in the live outbox (no transport here) with the link.
		live := domain.Scope{MerchantID: e.MerchantID, Livemode: true}
		msgs, err := e.Engine.ListMessages(ctx, live, domain.ListParams{Limit: 10})
		if err != nil || len(msgs.Items) != 1 {
			t.Fatalf("outbox: %v %+v", err, msgs)
		}
		if listed := msgs.Items[0].Text + msgs.Items[0].HTML; linkRe.MatchString(listed) || !strings.Contains(listed, "link hidden") {
			t.Fatalf("the outbox list shows the invitation's link: %s", msgs.Items[0].Text)
		}
		// The sender reads it whole.
		msg, _, err := e.Engine.MessageToSend(ctx, live, msgs.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		link := linkRe.FindStringSubmatch(msg.Text)
		if msg.Kind != domain.MessageInvitation || msg.To != "dev@example.com" || link == nil ||
			!strings.Contains(msg.Subject, "Acme") || !strings.Contains(msg.HTML, `href="`+link[0]+`"`) {
			t.Fatalf("invitation message: %+v", msg)
		}
		token := link[1]
		owner.post("/dashboard/mode", url.Values{"csrf": {csrf}, "mode": {"live"}}, "same-origin")
		if _, page := owner.get("/dashboard/messages/" + msg.ID); !strings.Contains(page, "Dashboard invitation") ||
			strings.Contains(page, token) || !strings.Contains(page, "link hidden") {
			t.Errorf("the outbox page shows the invitation's token:\n%s", page)
		}

		for _, c := range []servertest.Call{
			{Method: "GET", Path: "/v2/messages/" + msg.ID, Auth: "bearer:" + e.Keys["sk_live"]},
			{Method: "GET", Path: "/v2/messages", Auth: "bearer:" + e.Keys["sk_live"]},
			{Method: "GET", Path: "/v2/messages", Auth: "bearer:" + e.Keys["py_live"]},
		} {
			c.Headers = map[string]string{"X-Forwarded-Proto": "https"}
			if r := e.Do(t, c); r.Status != 200 || strings.Contains(r.Text(), token) || !strings.Contains(r.Text(), "link hidden") {
				t.Errorf("%s %s: %d, the token shown or the message missing:\n%s", c.Method, c.Path, r.Status, r.Text())
			}
		}

		// The invitee: the page, a refused password, then joined and signed in.
		invitee := newBrowser(t, e.URL)
		code, page = invitee.get("/dashboard/invitations/" + token)
		if code != 200 || !strings.Contains(page, "Join Acme") || !strings.Contains(page, "as <strong>developer</strong>") ||
			!strings.Contains(page, `autocomplete="new-password"`) {
			t.Fatalf("invitation page: %d\n%s", code, page)
		}
		accept := func(b *browser, pw, again, site string) (int, string) {
			return b.post("/dashboard/invitations/"+token, url.Values{"new_password": {pw}, "confirm_password": {again}}, site)
		}
		if code, page := accept(invitee, "short", "short", "same-origin"); code != 422 || !strings.Contains(page, "at least 10 characters") {
			t.Errorf("short password: %d", code)
		}
		if code, page := accept(invitee, "correct horse battery", "correct horse batterz", "same-origin"); code != 422 || !strings.Contains(page, "differ") {
			t.Errorf("passwords that differ: %d", code)
		}
		if code, _ := accept(invitee, "correct horse battery", "correct horse battery", "cross-site"); code != 403 {
			t.Errorf("a cross-site accept: %d", code)
		}
		code, page = accept(invitee, "correct horse battery", "correct horse battery", "same-origin")
		if code != 200 || !strings.Contains(page, "Welcome! You are signed in.") || !strings.Contains(page, "Last 30 days") {
			t.Fatalf("accept: %d\n%s", code, page)
		}
		if code, _ := invitee.get("/dashboard/keys"); code != 200 {
			t.Errorf("the new developer cannot open the keys: %d", code)
		}
		if code, _ := invitee.get("/dashboard/users"); code != 403 {
			t.Errorf("the new developer opens the users: %d", code)
		}
		if code, _ := newBrowser(t, e.URL).login("dev@example.com", "correct horse battery"); code != 200 {
			t.Errorf("the new user cannot sign in: %d", code)
		}
		// Used: refused, whoever sends it again.
		again := newBrowser(t, e.URL)
		if code, page := again.get("/dashboard/invitations/" + token); code != 410 || !strings.Contains(page, "used already") {
			t.Errorf("used link: %d\n%s", code, page)
		}
		if code, page := accept(again, "another password!", "another password!", "same-origin"); code != 410 || !strings.Contains(page, "used already") {
			t.Errorf("used link accepted again: %d", code)
		}
		if code, page := again.get("/dashboard/invitations/nonsense"); code != 404 || !strings.Contains(page, "not valid") {
			t.Errorf("unknown link: %d", code)
		}
		if _, page := owner.get("/dashboard/users"); strings.Contains(page, "Revoke the invitation of dev@example.com") ||
			!strings.Contains(page, "No invitation is waiting") {
			t.Error("the accepted invitation is still pending")
		}

		// Revoked: inviting an address again withdraws its earlier link; the
		// owner withdraws the newer one, a viewer may not.
		invite(owner, csrf, "later@example.com", "viewer")
		invite(owner, csrf, "later@example.com", "viewer")
		invs, _ := e.Engine.ListInvitations(ctx, e.MerchantID)
		pending := invs[0] // newest first
		msgs, _ = e.Engine.ListMessages(ctx, live, domain.ListParams{Limit: 10})
		var tokens []string // newest first
		for _, m := range msgs.Items {
			if m.To == "later@example.com" {
				whole, _, _ := e.Engine.MessageToSend(ctx, live, m.ID)
				tokens = append(tokens, linkRe.FindStringSubmatch(whole.Text)[1])
			}
		}
		if pending.Email != "later@example.com" || len(tokens) != 2 {
			t.Fatalf("invitations %+v, tokens %v", invs, tokens)
		}
		if code, page := newBrowser(t, e.URL).get("/dashboard/invitations/" + tokens[1]); code != 410 || !strings.Contains(page, "withdrawn") {
			t.Errorf("the earlier link of an invited-again address: %d", code)
		}
		if code, _ := newBrowser(t, e.URL).get("/dashboard/invitations/" + tokens[0]); code != 200 {
			t.Errorf("the newer link: %d", code)
		}
		revokedToken := tokens[0]
		if code, _ := viewer.post("/dashboard/invitations/"+pending.ID+"/revoke", url.Values{"csrf": {viewerCSRF}}, "same-origin"); code != 403 {
			t.Errorf("a viewer revoked: %d", code)
		}
		if code, page := owner.post("/dashboard/invitations/"+pending.ID+"/revoke", url.Values{"csrf": {csrf}}, "same-origin"); code != 200 ||
			!strings.Contains(page, "Invitation withdrawn") {
			t.Errorf("revoke: %d", code)
		}
		if code, page := newBrowser(t, e.URL).get("/dashboard/invitations/" + revokedToken); code != 410 || !strings.Contains(page, "withdrawn") {
			t.Errorf("revoked link: %d\n%s", code, page)
		}
		if _, page := owner.get("/dashboard/audit"); !strings.Contains(page, "user.invited") || !strings.Contains(page, "invitation.accepted") ||
			!strings.Contains(page, "invitation.revoked") {
			t.Error("the audit log lacks the invitation's steps")
		}

		// Expired: seven days after it was made.
		const expiredToken = "expiredinvitationtoken0123456789"
		old := time.Now().Add(-domain.InvitationLifetime - time.Minute)
		err = s.Tx(ctx, func(tx domain.Tx) error {
			return tx.InsertInvitation(ctx, domain.Invitation{ID: domain.NewID("inv"), MerchantID: e.MerchantID, Email: "late@example.com",
				Role: domain.RoleViewer, Hash: domain.HashKey(expiredToken), Created: old, Expires: old.Add(domain.InvitationLifetime)})
		})
		if err != nil {
			t.Fatal(err)
		}
		if code, page := newBrowser(t, e.URL).get("/dashboard/invitations/" + expiredToken); code != 410 || !strings.Contains(page, "expired on") {
			t.Errorf("expired link: %d\n%s", code, page)
		}
		if _, err := e.Engine.AcceptInvitation(ctx, expiredToken, "correct horse battery"); domain.ErrorCode(err) != domain.CodeState {
			t.Errorf("expired invitation accepted by the engine: %v", err)
		}
	})
}

// TestServerPassesDashboardIdleTimeout: server.Config's DashboardIdleTimeout
// reaches the dashboard.
func TestServerPassesDashboardIdleTimeout(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t, store.SQLite)
	e := servertest.New(t, s)
	mustUser(t, e.Engine, e.MerchantID, "owner@example.com", domain.RoleOwner)
	srv := httptest.NewServer(server.New(server.Config{Engine: e.Engine, DashboardIdleTimeout: 2 * time.Second}))
	defer srv.Close()
	b, token := signedIn(t, srv.URL, "owner@example.com")
	time.Sleep(2*time.Second + 200*time.Millisecond)
	if code, page := b.post("/dashboard/mode", url.Values{"csrf": {token}, "mode": {"live"}}, "same-origin"); code != 401 ||
		!strings.Contains(page, "signed out after 2 seconds without activity") {
		t.Errorf("after the server's idle timeout: %d\n%s", code, page)
	}
}
