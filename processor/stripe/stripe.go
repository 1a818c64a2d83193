package stripe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// Config is what a connector needs.
type Config struct {
	// SecretKey is the Stripe secret (sk_) or restricted (rk_) key. Its mode
	// must be the connector's: a live connector refuses a test key, so
	// that live payments can never be "approved" by Stripe's test mode.
	SecretKey string
	Livemode  bool
	// APIBase is where Stripe's API answers (DefaultAPIBase when empty):
	// stripe-mock or a fake in tests.
	APIBase string
	// Vault opens the vaulted card numbers Authorize sends upstream.
	Vault domain.Vault
	// HTTPClient sends the requests; nil means a client of its own. Calls
	// are bounded by their context (the engine's processor timeout).
	HTTPClient *http.Client
	// ReturnURL is where the card issuer sends the customer back after a
	// 3-D Secure challenge of the payment (the bare id): the pages' return
	// page (pages.AuthenticateReturnURL). Without it Stripe offers only its
	// own JavaScript (use_stripe_sdk), which our pages do not run, so a card
	// that asks for a challenge cannot be confirmed.
	ReturnURL func(paymentID string) string
}

// Processor is the Stripe connector: domain.Processor and
// domain.ReferenceLookup over Stripe's API.
type Processor struct {
	api       client
	vault     domain.Vault
	livemode  bool
	returnURL func(paymentID string) string
}

var (
	_ domain.Processor       = (*Processor)(nil)
	_ domain.ReferenceLookup = (*Processor)(nil)
	_ domain.ActionRedirect  = (*Processor)(nil)
)

// New returns a connector. Errors: a missing vault, or a key missing or of
// the other mode.
func New(cfg Config) (*Processor, error) {
	mode := "test"
	if cfg.Livemode {
		mode = "live"
	}
	if cfg.SecretKey == "" {
		return nil, fmt.Errorf("stripe: a %s-mode connector needs a Stripe secret key", mode)
	}
	if !strings.HasPrefix(cfg.SecretKey, "sk_"+mode+"_") && !strings.HasPrefix(cfg.SecretKey, "rk_"+mode+"_") {
		return nil, fmt.Errorf("stripe: the %s-mode connector needs a %s-mode key (sk_%s_… or rk_%s_…)", mode, mode, mode, mode)
	}
	if cfg.Vault == nil {
		return nil, errors.New("stripe: the connector needs the card vault")
	}
	base := strings.TrimRight(cfg.APIBase, "/")
	if base == "" {
		base = DefaultAPIBase
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("stripe: API base %q is not an http(s) URL", cfg.APIBase)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 2 * domain.DefaultProcessorTimeout}
	}
	return &Processor{api: client{base: base, secret: cfg.SecretKey, http: hc}, vault: cfg.Vault, livemode: cfg.Livemode,
		returnURL: cfg.ReturnURL}, nil
}

// Metadata keys the connector writes on Stripe's objects, so that Lookup and
// webhooks can tie them back to ours.
const (
	metaPayment = "paysmart_payment" // "pay_<id>", on PaymentIntents, PaymentMethods and refunds
	metaRefund  = "paysmart_refund"  // "re_<id>", on refunds
	metaKey     = "paysmart_key"     // the engine's call key (domain.CallKey)
)

// Authorize makes a PaymentMethod from the vaulted card and a PaymentIntent
// confirmed at once, capturing it too when req.Capture.
func (p *Processor) Authorize(ctx context.Context, req domain.AuthorizeRequest) (domain.ProcessorResult, error) {
	number, err := p.vault.Open(req.Card.Sealed)
	if err != nil {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: opening the card: %w", err)
	}
	payment := "pay_" + req.PaymentID
	var pm paymentMethod
	_, err = p.api.post(ctx, "/v1/payment_methods", req.Key+":payment_method", url.Values{
		"type":                          {"card"},
		"card[number]":                  {number},
		"card[exp_month]":               {strconv.Itoa(req.Card.ExpMonth)},
		"card[exp_year]":                {strconv.Itoa(req.Card.ExpYear)},
		"metadata[" + metaPayment + "]": {payment},
	}, &pm)
	if err != nil {
		return refusal(err)
	}
	captureMethod := "manual"
	if req.Capture {
		captureMethod = "automatic"
	}
	form := url.Values{
		"amount":                        {strconv.FormatInt(stripeAmount(req.Amount, req.Currency), 10)},
		"currency":                      {strings.ToLower(req.Currency.Code)},
		"payment_method":                {pm.ID},
		"payment_method_types[]":        {"card"},
		"confirm":                       {"true"},
		"capture_method":                {captureMethod},
		"metadata[" + metaPayment + "]": {payment},
		"metadata[" + metaKey + "]":     {req.Key},
	}
	if req.OnSession && p.returnURL != nil {
		// A challenge, if the card asks for one, is a page the customer
		// visits (next_action.redirect_to_url), then comes back from.
		form.Set("return_url", p.returnURL(req.PaymentID))
	}
	var pi paymentIntent
	replayed, err := p.api.post(ctx, "/v1/payment_intents", req.Key+":payment_intent", form, &pi)
	if err != nil {
		return refusal(err)
	}
	if replayed {
		if err := p.api.get(ctx, "/v1/payment_intents/"+url.PathEscape(pi.ID), nil, &pi); err != nil {
			return domain.ProcessorResult{}, err
		}
	}
	return intentOutcome(domain.OpAuthorize, pi), nil
}

// Capture captures req.Amount of the PaymentIntent req.Reference; the rest of
// the authorisation is released.
func (p *Processor) Capture(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	return p.followUp(ctx, domain.OpCapture, req, "/capture", url.Values{
		"amount_to_capture": {strconv.FormatInt(stripeAmount(req.Amount, req.Currency), 10)},
	})
}

// Cancel cancels the PaymentIntent req.Reference, releasing its
// authorisation.
func (p *Processor) Cancel(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	return p.followUp(ctx, domain.OpCancel, req, "/cancel", url.Values{})
}

func (p *Processor) followUp(ctx context.Context, op domain.Operation, req domain.FollowUpRequest, suffix string, form url.Values) (domain.ProcessorResult, error) {
	if req.Reference == "" {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: %s of pay_%s: the payment has no PaymentIntent", op, req.PaymentID)
	}
	path := "/v1/payment_intents/" + url.PathEscape(req.Reference)
	var pi paymentIntent
	replayed, err := p.api.post(ctx, path+suffix, req.Key, form, &pi)
	if err != nil {
		return refusal(err)
	}
	if replayed {
		if err := p.api.get(ctx, path, nil, &pi); err != nil {
			return domain.ProcessorResult{}, err
		}
	}
	return intentOutcome(op, pi), nil
}

// Authenticate reports how a PaymentIntent that required action (3-D
// Secure) ended. With Stripe the customer answers Stripe's own challenge, so
// this reads the PaymentIntent: past its action it is approved or declined as
// authorisation reads it; still waiting after a passed challenge, unknown
// (Stripe has not caught up: the reconcile job asks again). Still waiting
// after a failed answer (an abandoned challenge, or one its merchant
// canceled), it is canceled under req.Key and declined; if Stripe refuses to
// cancel it because the customer answered meanwhile, what the answer did is
// reported instead, so that money that moved is never recorded as not.
func (p *Processor) Authenticate(ctx context.Context, req domain.AuthenticateRequest) (domain.ProcessorResult, error) {
	if req.Reference == "" {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: authentication of pay_%s: the payment has no PaymentIntent", req.PaymentID)
	}
	path := "/v1/payment_intents/" + url.PathEscape(req.Reference)
	var pi paymentIntent
	if err := p.api.get(ctx, path, nil, &pi); err != nil {
		return domain.ProcessorResult{}, err
	}
	if pi.Status == "requires_action" {
		if req.Passed {
			return domain.ProcessorResult{Outcome: domain.OutcomeUnknown, Reference: pi.ID,
				Message: "The Stripe PaymentIntent " + pi.ID + " still requires action."}, nil
		}
		return p.endChallenge(ctx, path, req.Key)
	}
	return challengeOutcome(pi), nil
}

// endChallenge cancels the PaymentIntent at path, which required action when
// it was read, under key. A refusal is read again: Stripe refuses to cancel
// a PaymentIntent that succeeded, and the outcome is then the customer's.
func (p *Processor) endChallenge(ctx context.Context, path, key string) (domain.ProcessorResult, error) {
	var pi paymentIntent
	_, err := p.api.post(ctx, path+"/cancel", key, url.Values{}, &pi)
	if err == nil {
		return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reference: pi.ID, Reason: "card_declined",
			DeclineCode: "authentication_failed", Message: "The card's 3-D Secure authentication failed."}, nil
	}
	if _, err := refusal(err); err != nil {
		return domain.ProcessorResult{}, err // unknown: the reconcile job sends it again under key
	}
	if err := p.api.get(ctx, path, nil, &pi); err != nil {
		return domain.ProcessorResult{}, err
	}
	if pi.Status == "requires_action" {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: Stripe refused to cancel the PaymentIntent %s, which still requires action", pi.ID)
	}
	return challengeOutcome(pi), nil
}

// challengeOutcome reads what a PaymentIntent past its challenge says about
// the authorisation; one still requiring action is unknown.
func challengeOutcome(pi paymentIntent) domain.ProcessorResult {
	res := intentOutcome(domain.OpAuthorize, pi)
	if res.Outcome == domain.OutcomeRequiresAction {
		res.Outcome = domain.OutcomeUnknown
	}
	return res
}

// ActionURL is the issuer's challenge page of the PaymentIntent reference
// while it requires action (domain.ActionRedirect), "" otherwise.
func (p *Processor) ActionURL(ctx context.Context, reference string) (string, error) {
	var pi paymentIntent
	if err := p.api.get(ctx, "/v1/payment_intents/"+url.PathEscape(reference), nil, &pi); err != nil {
		return "", err
	}
	if pi.Status != "requires_action" || pi.NextAction == nil || pi.NextAction.RedirectToURL == nil {
		return "", nil
	}
	return pi.NextAction.RedirectToURL.URL, nil
}

// Refund refunds req.Amount of the PaymentIntent req.Reference.
func (p *Processor) Refund(ctx context.Context, req domain.FollowUpRequest) (domain.ProcessorResult, error) {
	if req.Reference == "" {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: refund of pay_%s: the payment has no PaymentIntent", req.PaymentID)
	}
	object, _, _ := splitKey(req.Key)
	var rf refund
	replayed, err := p.api.post(ctx, "/v1/refunds", req.Key, url.Values{
		"payment_intent":                {req.Reference},
		"amount":                        {strconv.FormatInt(stripeAmount(req.Amount, req.Currency), 10)},
		"metadata[" + metaPayment + "]": {"pay_" + req.PaymentID},
		"metadata[" + metaRefund + "]":  {object},
		"metadata[" + metaKey + "]":     {req.Key},
	}, &rf)
	if err != nil {
		return refusal(err)
	}
	if replayed {
		if err := p.api.get(ctx, "/v1/refunds/"+url.PathEscape(rf.ID), nil, &rf); err != nil {
			return domain.ProcessorResult{}, err
		}
	}
	return refundOutcome(rf), nil
}

// Lookup is LookupReference without a PaymentIntent id: a payment's calls
// are found by searching PaymentIntents; a refund cannot be found and
// answers unknown.
func (p *Processor) Lookup(ctx context.Context, key string) (domain.ProcessorResult, error) {
	return p.LookupReference(ctx, key, "")
}

// LookupReference answers what became of the call key, reading Stripe's
// objects as they stand now: OutcomeUnknown when Stripe shows no effect of
// it (never received, or not visible to search yet).
func (p *Processor) LookupReference(ctx context.Context, key, reference string) (domain.ProcessorResult, error) {
	object, op, ok := splitKey(key)
	if !ok {
		return domain.ProcessorResult{}, fmt.Errorf("stripe: %q is not a call key", key)
	}
	unknown := domain.ProcessorResult{Outcome: domain.OutcomeUnknown}
	switch op {
	case domain.OpAuthorize, domain.OpCapture, domain.OpCancel:
		pi, found, err := p.findIntent(ctx, object, reference)
		if err != nil || !found {
			return unknown, err
		}
		return intentOutcome(op, pi), nil
	case domain.OpRefund:
		if reference == "" {
			return unknown, nil
		}
		rf, found, err := p.findRefund(ctx, reference, object)
		if err != nil || !found {
			return unknown, err
		}
		return refundOutcome(rf), nil
	}
	return domain.ProcessorResult{}, fmt.Errorf("stripe: %q names no operation the connector knows", key)
}

// findIntent finds the PaymentIntent of payment ("pay_<id>"): by its id when
// known, else by searching its metadata; the one found is read again by id,
// since search may be stale.
func (p *Processor) findIntent(ctx context.Context, payment, id string) (paymentIntent, bool, error) {
	var pi paymentIntent
	if id != "" {
		err := p.api.get(ctx, "/v1/payment_intents/"+url.PathEscape(id), nil, &pi)
		var ae *apiError
		switch {
		case err == nil && pi.Metadata[metaPayment] == payment:
			return pi, true, nil
		case err != nil && !(errors.As(err, &ae) && ae.Status == http.StatusNotFound):
			return pi, false, err
		}
	}
	var found list[paymentIntent]
	q := url.Values{"query": {fmt.Sprintf("metadata['%s']:'%s'", metaPayment, payment)}, "limit": {"10"}}
	if err := p.api.get(ctx, "/v1/payment_intents/search", q, &found); err != nil {
		return pi, false, err
	}
	for _, c := range found.Data {
		if c.Metadata[metaPayment] != payment {
			continue
		}
		if err := p.api.get(ctx, "/v1/payment_intents/"+url.PathEscape(c.ID), nil, &pi); err != nil {
			return pi, false, err
		}
		return pi, pi.Metadata[metaPayment] == payment, nil
	}
	return pi, false, nil
}

// findRefund finds the refund ("re_<id>") among the refunds of PaymentIntent pi.
func (p *Processor) findRefund(ctx context.Context, pi, object string) (refund, bool, error) {
	q := url.Values{"payment_intent": {pi}, "limit": {"100"}}
	for {
		var page list[refund]
		if err := p.api.get(ctx, "/v1/refunds", q, &page); err != nil {
			return refund{}, false, err
		}
		for _, rf := range page.Data {
			if rf.Metadata[metaRefund] == object {
				return rf, true, nil
			}
		}
		if !page.HasMore || len(page.Data) == 0 {
			return refund{}, false, nil
		}
		q.Set("starting_after", page.Data[len(page.Data)-1].ID)
	}
}

// splitKey splits a call key "pay_<id>:capture" into its object and operation.
func splitKey(key string) (object string, op domain.Operation, ok bool) {
	i := strings.LastIndexByte(key, ':')
	if i <= 0 {
		return "", "", false
	}
	return key[:i], domain.Operation(key[i+1:]), true
}

// intentOutcome reads what a PaymentIntent's status says about operation op.
// A status that does not settle op (a capture still requires_capture, a
// PaymentIntent processing) is unknown: the reconcile job or a webhook
// settles it later.
func intentOutcome(op domain.Operation, pi paymentIntent) domain.ProcessorResult {
	ok := domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: pi.ID}
	unknown := domain.ProcessorResult{Outcome: domain.OutcomeUnknown, Reference: pi.ID,
		Message: "The Stripe PaymentIntent " + pi.ID + " is " + pi.Status + "."}
	wrongState := domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reference: pi.ID, Reason: "payment_intent_unexpected_state",
		Message: "The Stripe PaymentIntent " + pi.ID + " is " + pi.Status + "; it cannot be " + past(op) + "."}
	switch op {
	case domain.OpAuthorize:
		switch pi.Status {
		case "requires_capture", "succeeded":
			return ok
		case "requires_action":
			// Passed through: the payment waits in requires_action for the
			// customer's challenge, which Authenticate then reads.
			return domain.ProcessorResult{Outcome: domain.OutcomeRequiresAction, Reference: pi.ID, Reason: "card_declined",
				DeclineCode: "authentication_required", Message: "Your card was declined. This transaction requires authentication."}
		case "requires_payment_method":
			if pi.LastPaymentError != nil {
				res := declineOf(*pi.LastPaymentError)
				res.Reference = pi.ID
				return res
			}
		case "canceled":
			return wrongState
		}
	case domain.OpCapture:
		switch pi.Status {
		case "succeeded":
			return ok
		case "canceled":
			return wrongState
		}
	case domain.OpCancel:
		switch pi.Status {
		case "canceled":
			return ok
		case "succeeded":
			return wrongState
		}
	}
	return unknown
}

func past(op domain.Operation) string {
	return map[domain.Operation]string{domain.OpAuthorize: "authorised", domain.OpCapture: "captured",
		domain.OpCancel: "canceled", domain.OpRefund: "refunded"}[op]
}

// refundOutcome reads a refund's status: pending (and requires_action) is
// unknown until Stripe settles it.
func refundOutcome(rf refund) domain.ProcessorResult {
	switch rf.Status {
	case "succeeded":
		return domain.ProcessorResult{Outcome: domain.OutcomeApproved, Reference: rf.ID}
	case "failed", "canceled":
		return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reference: rf.ID, Reason: "refund_failed",
			DeclineCode: orDefault(rf.FailureReason, "unknown"), Message: "Stripe reports the refund " + rf.ID + " " + rf.Status + "."}
	}
	return domain.ProcessorResult{Outcome: domain.OutcomeUnknown, Reference: rf.ID, Message: "The Stripe refund " + rf.ID + " is " + rf.Status + "."}
}

// refusal turns an error into a result when Stripe definitely refused the
// request (a decline, an invalid request); any other error is returned as
// it is, an unknown outcome.
func refusal(err error) (domain.ProcessorResult, error) {
	var ae *apiError
	if !errors.As(err, &ae) || !ae.definitive() {
		return domain.ProcessorResult{}, err
	}
	var res domain.ProcessorResult
	if ae.Err.Type == "card_error" || ae.Status == http.StatusPaymentRequired {
		res = declineOf(ae.Err)
	} else {
		res = domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: orDefault(ae.Err.Code, "invalid_request"),
			Message: orDefault(ae.Err.Message, "Stripe refused the request.")}
	}
	if ae.Err.PaymentIntent != nil {
		res.Reference = ae.Err.PaymentIntent.ID
	}
	return res, nil
}

// declineOf maps a Stripe card error to our decline (the table in
// docs/decisions.md): Stripe's code is the reason, its decline_code the
// decline code, and where Stripe gives none the code stands for both, as the
// sandbox answers (expired_card / expired_card). Off-session authentication
// is reported as the sandbox reports its 3-D Secure card.
func declineOf(e stripeError) domain.ProcessorResult {
	reason, code := orDefault(e.Code, "card_declined"), e.DeclineCode
	switch reason {
	case "authentication_required":
		reason, code = "card_declined", "authentication_required"
	case "payment_intent_authentication_failure": // the customer failed the issuer's challenge
		return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: "card_declined", DeclineCode: "authentication_failed",
			Message: "The card's 3-D Secure authentication failed."}
	}
	if code == "" {
		code = reason
		if reason == "card_declined" {
			code = "generic_decline"
		}
	}
	return domain.ProcessorResult{Outcome: domain.OutcomeDeclined, Reason: reason, DeclineCode: code,
		Message: orDefault(e.Message, "Your card was declined.")}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// stripeAmount converts minor units (ISO 4217 exponents) to Stripe's:
// the same, except ISK, which Stripe writes with two decimals.
func stripeAmount(amount int64, c domain.Currency) int64 {
	if strings.EqualFold(c.Code, "ISK") && c.Exponent == 0 {
		return amount * 100
	}
	return amount
}
