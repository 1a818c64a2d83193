// Package dashboard is the merchant dashboard: server-rendered pages
// (html/template, embedded assets, no scripts) over the same engine calls as
// the two APIs. Staff sign in with an e-mail and a password (argon2id);
// a session is a row named by the SHA-256 of its HttpOnly, SameSite=Lax cookie
// (Secure over HTTPS), revoked on sign-out. Every POST passes
// http.CrossOriginProtection and carries the session's CSRF token; every
// request is checked against the user's role (domain.Role.Can) by the
// server, whatever the page shows. Sign-in failures are throttled per
// address and per client. A session unused for Deps.IdleTimeout (30 minutes
// by default) is revoked at its next request and must sign in again
// (session.go). Every date is shown in the merchant's time zone (UTC unless
// the owner sets another in the settings).
//
// Routes (all under /dashboard):
//
//	GET  /login, POST /login, POST /logout          sign in and out
//	POST /mode                                      the test/live toggle
//	GET  /                                          today / 7 / 30 days, chart
//	GET  /payments                                  filters: status, customer, q (an id)
//	GET  /payments/{id}                             timeline, refund and capture forms
//	POST /payments/{id}/refund, /capture            amount in major units
//	GET|POST /customers                             list, create
//	GET|POST /payment-requests, GET /payment-requests/{id}   create, link, QR
//	GET|POST /webhooks, POST /webhooks/{id}/delete, POST /events/{id}/resend
//	GET|POST /webhooks/{id}, POST /webhooks/{id}/roll  edit, disable, roll the secret
//	GET  /events, /events/{id}                      filter: type; the event's JSON
//	GET  /subscriptions, /subscriptions/{id}        filters: status, customer
//	POST /subscriptions/{id}/cancel                 owners and developers
//	GET  /messages, /messages/{id}                  the outbox; filters: channel, status
//	GET|POST /taxes, /taxes/{id}                    tax profiles; changed by owners and developers
//	GET|POST /templates, /templates/{id}            message templates; likewise
//	GET|POST /keys, POST /keys/{id}/roll, /keys/{id}/revoke
//	GET|POST /applications, POST /applications/{id}/publish|enable|disable
//	GET|POST /users, POST /users/{id}/role           owner only; POST /users invites by e-mail
//	POST /invitations/{id}/revoke                   owner only
//	GET|POST /invitations/{token}                   the invitee's link: choose a password, signed in
//	GET  /audit                                     owner only
//	GET|POST /settings                              owner only: business name, time zone, wallets, messages
//	GET|POST /password                              change one's password
package dashboard
