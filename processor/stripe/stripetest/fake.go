// Package stripetest is a stateful, recording fake of the part of Stripe's
// API the connector uses, with injected faults, and a launcher for
// stripe-mock, which validates requests against Stripe's real API
// description. Tests use both: the fake for outcomes (stripe-mock answers
// canned objects), stripe-mock for the shape of every request.
package stripetest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Fault is what the fake does to one request instead of answering it
// plainly.
type Fault int

// The faults. FaultError answers 500 before anything happens (and keeps no
// idempotent result, as Stripe keeps none for a request that never began);
// FaultLost performs the request, keeps its result under the key, then
// answers 500 as if the answer were lost; FaultTimeout performs and keeps it,
// then answers only when the client gives up; FaultHang does nothing and
// answers only when the client gives up.
const (
	FaultNone Fault = iota
	FaultError
	FaultLost
	FaultTimeout
	FaultHang
)

// Cards maps test card numbers to what confirming a PaymentIntent with them
// does, as Stripe's test cards: a decline (code, decline_code, message) or
// "requires_action". Any other number is approved.
var Cards = map[string][3]string{
	"4000000000000002": {"card_declined", "generic_decline", "Your card was declined."},
	"4000000000009995": {"card_declined", "insufficient_funds", "Your card has insufficient funds."},
	"4000000000009987": {"card_declined", "lost_card", "Your card was declined."},
	"4000000000009979": {"card_declined", "stolen_card", "Your card was declined."},
	"4000000000000069": {"expired_card", "expired_card", "Your card has expired."},
	"4000000000000127": {"incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."},
	"4000000000000119": {"processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."},
	"4000000000000341": {"card_declined", "generic_decline", "Your card was declined."},
	"4000002500003155": {"requires_action"},
	"4000002760003184": {"requires_action"},
}

// Fake is Stripe's API in memory: PaymentMethods, PaymentIntents (confirm,
// capture, cancel, search by metadata), refunds, and idempotency keys as
// Stripe keeps them. It records every effect by idempotency key.
type Fake struct {
	// URL is where the fake answers.
	URL string
	// Validate, when set, is a stripe-mock URL: every request is sent there
	// first, and one stripe-mock refuses is recorded (Invalid) and answered
	// with stripe-mock's refusal.
	Validate string
	// Faults picks a fault per request; nil means none.
	Faults         func(r *http.Request, idempotencyKey string) Fault
	mu             sync.Mutex
	hideFromSearch bool
	pendingRefunds bool
	pms            map[string]*pm
	pis            map[string]*pi
	piOrder        []string
	refunds        map[string]*refund
	reOrder        []string
	kept           map[string]keptAnswer
	inflight       map[string]bool
	effects        map[string]int
	requests       []string
	invalid        []string
	disputes       map[string]string // dispute id → PaymentIntent id
}

type pm struct {
	ID       string
	Number   string
	ExpMonth int
	ExpYear  int
	Metadata map[string]string
}

type pi struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Amount           int64             `json:"amount"`
	AmountCapturable int64             `json:"amount_capturable"`
	AmountReceived   int64             `json:"amount_received"`
	Currency         string            `json:"currency"`
	Status           string            `json:"status"`
	CaptureMethod    string            `json:"capture_method"`
	PaymentMethod    string            `json:"payment_method"`
	LatestCharge     *string           `json:"latest_charge"`
	Livemode         bool              `json:"livemode"`
	Metadata         map[string]string `json:"metadata"`
	LastPaymentError map[string]any    `json:"last_payment_error"`
	NextAction       map[string]any    `json:"next_action"`
	// Refunded is the sum of the PaymentIntent's refunds that did not fail.
	Refunded int64 `json:"-"`
	// returnURL is where the issuer's challenge page sends the customer.
	returnURL string
}

type refund struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	Amount        int64             `json:"amount"`
	Currency      string            `json:"currency"`
	Status        string            `json:"status"`
	PaymentIntent string            `json:"payment_intent"`
	Charge        string            `json:"charge"`
	FailureReason *string           `json:"failure_reason"`
	Metadata      map[string]string `json:"metadata"`
}

type keptAnswer struct {
	fingerprint string
	status      int
	body        []byte
}

// New starts a fake on a loopback port; it stops when the test ends.
func New(t testing.TB) *Fake {
	t.Helper()
	f := &Fake{pms: map[string]*pm{}, pis: map[string]*pi{}, refunds: map[string]*refund{}, kept: map[string]keptAnswer{},
		inflight: map[string]bool{}, effects: map[string]int{}, disputes: map[string]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

func newID(prefix string) string {
	var b [12]byte
	rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}

type answer struct {
	status int
	body   any
}

func errorAnswer(status int, typ, code, msg string, extra map[string]any) answer {
	e := map[string]any{"type": typ, "message": msg}
	if code != "" {
		e["code"] = code
	}
	for k, v := range extra {
		e[k] = v
	}
	return answer{status, map[string]any{"error": e}}
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/3ds/") {
		f.issuerPage(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	key := r.Header.Get("Idempotency-Key")
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk_") && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer rk_") {
		writeAnswer(w, errorAnswer(401, "invalid_request_error", "", "Invalid API Key provided.", nil), false)
		return
	}
	if f.Validate != "" {
		if a, ok := f.validate(r, body); !ok {
			writeAnswer(w, a, false)
			return
		}
	}
	fault := FaultNone
	if f.Faults != nil {
		fault = f.Faults(r, key)
	}
	switch fault {
	case FaultError:
		writeAnswer(w, errorAnswer(500, "api_error", "", "An unknown error occurred (injected).", nil), false)
		return
	case FaultHang:
		<-r.Context().Done()
		return
	}
	form, _ := url.ParseQuery(string(body))
	var a answer
	replayed := false
	if r.Method == http.MethodPost && key != "" {
		fp := r.Method + " " + r.URL.Path + "?" + canonical(form)
		f.mu.Lock()
		k, seen := f.kept[key]
		switch {
		case seen && k.fingerprint != fp:
			f.mu.Unlock()
			writeAnswer(w, errorAnswer(400, "idempotency_error", "",
				"Keys for idempotent requests can only be used with the same parameters they were first used with.", nil), false)
			return
		case seen:
			f.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(k.status)
			w.Write(k.body)
			return
		case f.inflight[key]:
			f.mu.Unlock()
			writeAnswer(w, errorAnswer(409, "idempotency_error", "idempotency_key_in_use",
				"There is currently another in-progress request using this Idempotent Key.", nil), false)
			return
		}
		f.inflight[key] = true
		f.mu.Unlock()
		a = f.route(r, form, key)
		data, _ := json.Marshal(a.body)
		f.mu.Lock()
		delete(f.inflight, key)
		if a.status < 500 {
			f.kept[key] = keptAnswer{fp, a.status, data}
		}
		f.mu.Unlock()
	} else {
		a = f.route(r, form, key)
	}
	switch fault {
	case FaultLost:
		writeAnswer(w, errorAnswer(500, "api_error", "", "An unknown error occurred (injected, after the effect).", nil), false)
		return
	case FaultTimeout:
		<-r.Context().Done()
		return
	}
	writeAnswer(w, a, replayed)
}

func writeAnswer(w http.ResponseWriter, a answer, replayed bool) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", newID("req"))
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(a.status)
	json.NewEncoder(w).Encode(a.body)
}

func canonical(form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%s&", k, strings.Join(form[k], ","))
	}
	return b.String()
}

// validate sends the request to stripe-mock and reports whether it was
// accepted there.
func (f *Fake) validate(r *http.Request, body []byte) (answer, bool) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, f.Validate+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return errorAnswer(500, "api_error", "", err.Error(), nil), false
	}
	// stripe-mock takes only test-mode keys; the key is not what it checks.
	req.Header.Set("Authorization", "Bearer sk_test_123")
	for _, h := range []string{"Content-Type", "Stripe-Version", "Idempotency-Key"} {
		if v := r.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return errorAnswer(500, "api_error", "", "stripe-mock: "+err.Error(), nil), false
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		f.mu.Lock()
		f.invalid = append(f.invalid, fmt.Sprintf("%s %s: %d %s", r.Method, r.URL.Path, resp.StatusCode, data))
		f.mu.Unlock()
		var body any
		json.Unmarshal(data, &body)
		return answer{resp.StatusCode, body}, false
	}
	return answer{}, true
}

var (
	rePI        = regexp.MustCompile(`^/v1/payment_intents/([^/]+)$`)
	rePIAction  = regexp.MustCompile(`^/v1/payment_intents/([^/]+)/(capture|cancel)$`)
	reRefund    = regexp.MustCompile(`^/v1/refunds/([^/]+)$`)
	reSearchKey = regexp.MustCompile(`^metadata\['([^']+)'\]:'([^']*)'$`)
)

func (f *Fake) route(r *http.Request, form url.Values, key string) answer {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := r.URL.Path
	switch {
	case r.Method == "POST" && p == "/v1/payment_methods":
		return f.createPM(form, key)
	case r.Method == "POST" && p == "/v1/payment_intents":
		return f.createPI(form, key, strings.Contains(r.Header.Get("Authorization"), "_live_"))
	case r.Method == "GET" && p == "/v1/payment_intents/search":
		return f.searchPI(r.URL.Query().Get("query"))
	case r.Method == "GET" && rePI.MatchString(p):
		x, ok := f.pis[rePI.FindStringSubmatch(p)[1]]
		if !ok {
			return missing("payment_intent", rePI.FindStringSubmatch(p)[1])
		}
		return answer{200, x}
	case r.Method == "POST" && rePIAction.MatchString(p):
		m := rePIAction.FindStringSubmatch(p)
		return f.piAction(m[1], m[2], form, key)
	case r.Method == "POST" && p == "/v1/refunds":
		return f.createRefund(form, key)
	case r.Method == "GET" && p == "/v1/refunds":
		return f.listRefunds(r.URL.Query())
	case r.Method == "GET" && reRefund.MatchString(p):
		x, ok := f.refunds[reRefund.FindStringSubmatch(p)[1]]
		if !ok {
			return missing("refund", reRefund.FindStringSubmatch(p)[1])
		}
		return answer{200, x}
	}
	return errorAnswer(404, "invalid_request_error", "", "Unrecognized request URL ("+r.Method+": "+p+").", nil)
}

func missing(kind, id string) answer {
	return errorAnswer(404, "invalid_request_error", "resource_missing", "No such "+kind+": '"+id+"'", nil)
}

func metadata(form url.Values) map[string]string {
	md := map[string]string{}
	for k, v := range form {
		if name, ok := strings.CutPrefix(k, "metadata["); ok && strings.HasSuffix(name, "]") {
			md[strings.TrimSuffix(name, "]")] = v[0]
		}
	}
	return md
}

func (f *Fake) createPM(form url.Values, key string) answer {
	number := form.Get("card[number]")
	if !luhn(number) {
		return errorAnswer(402, "card_error", "incorrect_number", "Your card number is incorrect.", map[string]any{"param": "card[number]"})
	}
	mo, _ := strconv.Atoi(form.Get("card[exp_month]"))
	yr, _ := strconv.Atoi(form.Get("card[exp_year]"))
	x := &pm{ID: newID("pm"), Number: number, ExpMonth: mo, ExpYear: yr, Metadata: metadata(form)}
	f.pms[x.ID] = x
	f.effects[key]++
	return answer{200, map[string]any{"id": x.ID, "object": "payment_method", "type": "card",
		"card": map[string]any{"last4": number[len(number)-4:], "exp_month": mo, "exp_year": yr}, "metadata": x.Metadata}}
}

func (f *Fake) createPI(form url.Values, key string, live bool) answer {
	amount, err := strconv.ParseInt(form.Get("amount"), 10, 64)
	if err != nil || amount < 1 {
		return errorAnswer(400, "invalid_request_error", "amount_too_small", "Amount must be at least 1.", map[string]any{"param": "amount"})
	}
	card, ok := f.pms[form.Get("payment_method")]
	if !ok {
		return missing("payment_method", form.Get("payment_method"))
	}
	x := &pi{ID: newID("pi"), Object: "payment_intent", Amount: amount, Currency: form.Get("currency"), Status: "requires_confirmation",
		CaptureMethod: orDefault(form.Get("capture_method"), "automatic"), PaymentMethod: card.ID, Livemode: live, Metadata: metadata(form)}
	f.pis[x.ID] = x
	f.piOrder = append(f.piOrder, x.ID)
	f.effects[key]++
	if form.Get("confirm") != "true" {
		return answer{200, x}
	}
	outcome, special := Cards[card.Number]
	switch {
	case special && outcome[0] == "requires_action":
		x.Status = "requires_action"
		x.NextAction = map[string]any{"type": "use_stripe_sdk", "use_stripe_sdk": map[string]any{}}
		if rt := form.Get("return_url"); rt != "" {
			x.returnURL = rt
			x.NextAction = map[string]any{"type": "redirect_to_url",
				"redirect_to_url": map[string]any{"url": f.URL + "/3ds/" + x.ID, "return_url": rt}}
		}
	case special:
		x.Status = "requires_payment_method"
		x.LastPaymentError = map[string]any{"type": "card_error", "code": outcome[0], "decline_code": outcome[1], "message": outcome[2]}
		ch := newID("ch")
		x.LatestCharge = &ch
		return errorAnswer(402, "card_error", outcome[0], outcome[2], map[string]any{"decline_code": outcome[1], "charge": ch, "payment_intent": x})
	default:
		ch := newID("ch")
		x.LatestCharge = &ch
		if x.CaptureMethod == "manual" {
			x.Status, x.AmountCapturable = "requires_capture", amount
		} else {
			x.Status, x.AmountReceived = "succeeded", amount
		}
	}
	return answer{200, x}
}

func (f *Fake) searchPI(query string) answer {
	out := map[string]any{"object": "search_result", "data": []any{}, "has_more": false, "url": "/v1/payment_intents/search"}
	m := reSearchKey.FindStringSubmatch(query)
	if m == nil {
		return errorAnswer(400, "invalid_request_error", "", "The fake understands only metadata['k']:'v' queries.", nil)
	}
	if f.hideFromSearch {
		return answer{200, out}
	}
	var data []any
	for _, id := range f.piOrder {
		if f.pis[id].Metadata[m[1]] == m[2] {
			data = append(data, f.pis[id])
		}
	}
	if data != nil {
		out["data"] = data
	}
	return answer{200, out}
}

func (f *Fake) piAction(id, action string, form url.Values, key string) answer {
	x, ok := f.pis[id]
	if !ok {
		return missing("payment_intent", id)
	}
	unexpected := errorAnswer(400, "invalid_request_error", "payment_intent_unexpected_state",
		fmt.Sprintf("This PaymentIntent could not be %sed because it has a status of %s.", action, x.Status), map[string]any{"payment_intent": x})
	switch action {
	case "capture":
		if x.Status != "requires_capture" {
			return unexpected
		}
		amt := x.AmountCapturable
		if s := form.Get("amount_to_capture"); s != "" {
			amt, _ = strconv.ParseInt(s, 10, 64)
		}
		if amt < 1 || amt > x.AmountCapturable {
			return errorAnswer(400, "invalid_request_error", "amount_too_large", "amount_to_capture is greater than the amount capturable.", nil)
		}
		x.Status, x.AmountReceived, x.AmountCapturable = "succeeded", amt, 0
	case "cancel":
		if x.Status == "succeeded" || x.Status == "canceled" {
			return unexpected
		}
		x.Status, x.AmountCapturable = "canceled", 0
	}
	f.effects[key]++
	return answer{200, x}
}

func (f *Fake) createRefund(form url.Values, key string) answer {
	x, ok := f.pis[form.Get("payment_intent")]
	if !ok {
		return missing("payment_intent", form.Get("payment_intent"))
	}
	if x.Status != "succeeded" {
		return errorAnswer(400, "invalid_request_error", "charge_not_refundable", "This PaymentIntent has no succeeded charge to refund.", nil)
	}
	amt := x.AmountReceived - x.Refunded
	if s := form.Get("amount"); s != "" {
		amt, _ = strconv.ParseInt(s, 10, 64)
	}
	if x.AmountReceived-x.Refunded == 0 {
		return errorAnswer(400, "invalid_request_error", "charge_already_refunded", "The charge has already been refunded.", nil)
	}
	if amt < 1 || amt > x.AmountReceived-x.Refunded {
		return errorAnswer(400, "invalid_request_error", "amount_too_large", "Refund amount is greater than the unrefunded amount.", nil)
	}
	rf := &refund{ID: newID("re"), Object: "refund", Amount: amt, Currency: x.Currency, Status: "succeeded", PaymentIntent: x.ID,
		Charge: *x.LatestCharge, Metadata: metadata(form)}
	if f.pendingRefunds {
		rf.Status = "pending"
	}
	x.Refunded += amt
	f.refunds[rf.ID] = rf
	f.reOrder = append(f.reOrder, rf.ID)
	f.effects[key]++
	return answer{200, rf}
}

func (f *Fake) listRefunds(q url.Values) answer {
	var data []any
	after := q.Get("starting_after")
	skipping := after != ""
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 10
	}
	more := false
	for _, id := range slices.Backward(f.reOrder) {
		rf := f.refunds[id]
		if skipping {
			skipping = id != after
			continue
		}
		if (q.Get("payment_intent") != "" && rf.PaymentIntent != q.Get("payment_intent")) || (q.Get("charge") != "" && rf.Charge != q.Get("charge")) {
			continue
		}
		if len(data) == limit {
			more = true
			break
		}
		data = append(data, rf)
	}
	if data == nil {
		data = []any{}
	}
	return answer{200, map[string]any{"object": "list", "data": data, "has_more": more, "url": "/v1/refunds"}}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func luhn(n string) bool {
	if len(n) < 12 {
		return false
	}
	sum := 0
	for i := range n {
		d := int(n[len(n)-1-i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// HideFromSearch makes search find nothing (true), as Stripe's search does
// for up to a minute after a write, or everything again (false).
func (f *Fake) HideFromSearch(hide bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hideFromSearch = hide
}

// PendingRefunds makes new refunds pending until SetRefundStatus (true).
func (f *Fake) PendingRefunds(pending bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pendingRefunds = pending
}

// SetRefundStatus settles a pending refund ("succeeded" or "failed"), as
// Stripe does later for some refunds; a failed one gives its amount back.
func (f *Fake) SetRefundStatus(id, status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rf := f.refunds[id]
	if rf.Status != "failed" && status == "failed" {
		f.pis[rf.PaymentIntent].Refunded -= rf.Amount
		reason := "expired_or_canceled_card"
		rf.FailureReason = &reason
	}
	rf.Status = status
}

// Dispute opens a dispute on a PaymentIntent and returns its id.
func (f *Fake) Dispute(pi string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := newID("dp")
	f.disputes[id] = pi
	return id
}

// Event is a Stripe event of type typ about the object id (a PaymentIntent,
// a refund's charge for charge.* events, a dispute), rendered from the
// fake's current state, ready to sign and send.
func (f *Fake) Event(typ, id string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var obj any
	live := false
	switch {
	case strings.HasPrefix(id, "pi_"):
		obj, live = f.pis[id], f.pis[id].Livemode
	case strings.HasPrefix(id, "re_"):
		rf := f.refunds[id]
		x := f.pis[rf.PaymentIntent]
		live = x.Livemode
		if strings.HasPrefix(typ, "charge.refund.") || strings.HasPrefix(typ, "refund.") {
			obj = rf
		} else {
			obj = map[string]any{"id": rf.Charge, "object": "charge", "payment_intent": x.ID, "amount": x.AmountReceived,
				"amount_refunded": x.Refunded, "refunded": x.Refunded == x.AmountReceived, "livemode": live, "metadata": map[string]string{}}
		}
	case strings.HasPrefix(id, "dp_"):
		x := f.pis[f.disputes[id]]
		live = x.Livemode
		obj = map[string]any{"id": id, "object": "dispute", "amount": x.AmountReceived, "currency": x.Currency, "charge": *x.LatestCharge,
			"payment_intent": x.ID, "reason": "fraudulent", "status": "needs_response", "livemode": live}
	}
	data, _ := json.Marshal(map[string]any{"id": newID("evt"), "object": "event", "type": typ, "livemode": live, "api_version": "2026-08-26.dahlia",
		"created": 1, "data": map[string]any{"object": obj}})
	return data
}

// Effects reports how many times a request under idempotency key took
// effect (0 or 1 when every retry was answered from the idempotency store).
func (f *Fake) Effects(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.effects[key]
}

// Intent is a PaymentIntent's state: status, amount, captured, refunded.
type Intent struct {
	ID, Status                       string
	Amount, AmountReceived, Refunded int64
	Metadata                         map[string]string
}

// Intents returns every PaymentIntent whose metadata paysmart_payment is
// payment, oldest first.
func (f *Fake) Intents(payment string) []Intent {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Intent
	for _, id := range f.piOrder {
		if x := f.pis[id]; x.Metadata["paysmart_payment"] == payment {
			out = append(out, Intent{x.ID, x.Status, x.Amount, x.AmountReceived, x.Refunded, x.Metadata})
		}
	}
	return out
}

// Refunds returns the ids of every refund whose metadata paysmart_refund is refund.
func (f *Fake) Refunds(ourRefund string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, id := range f.reOrder {
		if f.refunds[id].Metadata["paysmart_refund"] == ourRefund {
			out = append(out, id)
		}
	}
	return out
}

// Requests lists every request received, "POST /v1/payment_intents".
func (f *Fake) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// Check fails t when any idempotency key took effect more than once, any
// payment has more than one PaymentIntent or any refund more than one
// Stripe refund, or stripe-mock refused a request.
func (f *Fake) Check(t testing.TB) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, n := range f.effects {
		if n > 1 {
			t.Errorf("stripe fake: idempotency key %s took effect %d times", k, n)
		}
	}
	perPayment, perRefund := map[string]int{}, map[string]int{}
	for _, x := range f.pis {
		perPayment[x.Metadata["paysmart_payment"]]++
		if x.Refunded > x.AmountReceived || x.AmountReceived > x.Amount {
			t.Errorf("stripe fake: %s refunded %d of %d received of %d", x.ID, x.Refunded, x.AmountReceived, x.Amount)
		}
	}
	for _, rf := range f.refunds {
		perRefund[rf.Metadata["paysmart_refund"]]++
	}
	for p, n := range perPayment {
		if n > 1 {
			t.Errorf("stripe fake: payment %s has %d PaymentIntents", p, n)
		}
	}
	for r, n := range perRefund {
		if n > 1 {
			t.Errorf("stripe fake: refund %s was made %d times upstream", r, n)
		}
	}
	for _, inv := range f.invalid {
		t.Errorf("stripe-mock refused a request: %s", inv)
	}
}

// issuerPage is the card issuer's 3-D Secure page a PaymentIntent's
// next_action.redirect_to_url sends the customer to: GET /3ds/{pi}?result=pass
// (or fail) answers the challenge as the customer would, and sends them back
// to the PaymentIntent's return_url, as Stripe does.
func (f *Fake) issuerPage(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	x, ok := f.pis[strings.TrimPrefix(r.URL.Path, "/3ds/")]
	if !ok || x.returnURL == "" {
		f.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	answerChallenge(x, r.URL.Query().Get("result") == "pass")
	back := x.returnURL + "?payment_intent=" + url.QueryEscape(x.ID)
	f.mu.Unlock()
	http.Redirect(w, r, back, http.StatusFound)
}

// AnswerChallenge answers the 3-D Secure challenge of the PaymentIntent id
// as its customer would on the issuer's page, passed or failed, without
// coming back to the return page: Stripe's side moves on, and PaySmart
// learns of it only when it asks.
func (f *Fake) AnswerChallenge(id string, pass bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	answerChallenge(f.pis[id], pass)
}

// answerChallenge moves x on from requires_action as the answer says;
// one that no longer requires action is left as it is.
func answerChallenge(x *pi, pass bool) {
	if x.Status != "requires_action" {
		return
	}
	x.NextAction = nil
	switch {
	case !pass:
		x.Status = "requires_payment_method"
		x.LastPaymentError = map[string]any{"type": "card_error", "code": "payment_intent_authentication_failure",
			"message": "The provided PaymentMethod has failed authentication."}
	case x.CaptureMethod == "manual":
		x.Status, x.AmountCapturable = "requires_capture", x.Amount
	default:
		x.Status, x.AmountReceived = "succeeded", x.Amount
	}
	if x.Status != "requires_payment_method" {
		ch := newID("ch")
		x.LatestCharge = &ch
	}
}
