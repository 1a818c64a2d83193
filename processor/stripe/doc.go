// Package stripe is the live-mode processor connector: domain.Processor over
// Stripe's PaymentIntents API, speaking plain HTTP (net/http, form bodies).
//
// # Calls
//
// Authorize opens the vaulted card number (the only place PaySmart does, and
// only to send it upstream; it is never logged), makes a PaymentMethod from
// it (POST /v1/payment_methods) and creates a PaymentIntent confirmed at once
// with capture_method automatic or manual (POST /v1/payment_intents).
// Capture (amount_to_capture, so partial captures work), Cancel and Refund
// (amount, so partial refunds work) act on that PaymentIntent, whose id is
// the payment's ProcessorRef.
//
// # Idempotency
//
// Every POST carries an Idempotency-Key derived from the engine's call key
// (domain.CallKey) and the sub-step: "pay_<id>:authorize:payment_method",
// "pay_<id>:authorize:payment_intent", "pay_<id>:capture", "pay_<id>:cancel",
// "re_<id>:refund". Sending a call again — the reconcile job does after an
// unknown outcome — therefore reaches Stripe under the same keys, and Stripe
// answers the first result instead of moving money twice (for 24 hours,
// which the reconcile job's backoff stays well inside). A replayed answer
// (Idempotent-Replayed: true) is the first answer as it was, so the
// connector reads the object again for its current state.
//
// # Lookup
//
// Stripe cannot fetch an object by idempotency key, so every object carries
// ours in its metadata: a PaymentIntent paysmart_payment and paysmart_key, a
// refund paysmart_refund, paysmart_payment and paysmart_key. The engine
// calls LookupReference (domain.ReferenceLookup) with the PaymentIntent id
// when the payment has one:
//
//   - capture and cancel: GET the PaymentIntent and read its status;
//   - refund: list the PaymentIntent's refunds and take the one whose
//     paysmart_refund is ours;
//   - authorize (no PaymentIntent id known yet): search PaymentIntents by
//     metadata['paysmart_payment'], then GET the one found for its current
//     state.
//
// Search is eventually consistent (Stripe indexes within about a minute), so
// a search that finds nothing answers unknown, never "declined": the engine
// then sends the call again under the same keys, which Stripe answers from
// its idempotency store. A refund without its PaymentIntent id cannot be
// looked up and answers unknown the same way.
//
// # Outcomes
//
// A 2xx maps by the object's status; a 402 card_error is a decline with
// Stripe's code and decline_code, normalised to the sandbox's
// (docs/decisions.md has the table); a 400 or 404 invalid_request_error is a
// refusal (nothing happened upstream). Everything else — network errors,
// timeouts, 401, 403, 409, 429, 5xx, idempotency_error, unreadable bodies —
// is returned as an error, which the engine treats as unknown.
//
// # Webhooks
//
// NewWebhookHandler serves POST /webhooks/stripe: it verifies the
// Stripe-Signature header (the same scheme as PaySmart's own, package
// sdk/webhook) and hands the object that changed to the engine
// (SettleReported, RecordDispute), which looks the outcome up again rather
// than trusting the event's body, and records it once.
package stripe
