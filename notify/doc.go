// Package notify sends what the outbox holds: the e-mails, SMS and MMS that
// PaySmart's engine writes as domain.Message rows in the transaction of
// their cause (a payment request with request_methods EMAIL or SMS, a
// payment that succeeded, a Paysley refund with an email or mobile_number).
//
//   - Renderer writes a message's texts when it is queued: the merchant's
//     template (payment requests) or the built-in one, variables filled in,
//     HTML escaped, links from pages' link builders; numbers as E.164
//     (nyaruka/phonenumbers), MMS only where carriers take it (US, CA), SMS
//     segments counted (GSM-7 or UCS-2).
//   - Sender is the message.send job: it builds the e-mail (go-mail:
//     multipart/alternative, attachments rendered by pages.Files, a stable
//     Message-Id, Date, Reply-To the merchant) or the SMS, hands it to the
//     transports of the message's own mode, and records sent, failed (with
//     the reason) or another attempt. A message no longer queued is never
//     sent again.
//   - Transports: SMTP (smtp:// with STARTTLS when offered, smtps://),
//     Twilio (Twilio's Messages API shape, at any base URL), and Outbox,
//     which sends nothing: the message stays queued in the outbox, kept
//     until a server starts with a transport for it (Sender.QueueKept).
//   - DKIM signs every e-mail when configured (DKIM.Signer, go-mail's signer).
//   - DeliveryReports takes the SMS provider's delivery reports at
//     POST /webhooks/sms (Twilio's StatusCallback, X-Twilio-Signature): a
//     sent SMS or MMS becomes delivered or undelivered, once; a report that
//     comes before the send is recorded waits for it. E-mail has no such
//     report.
//
// Test mode never reaches a real recipient: its messages go only to the
// test transports (--test-smtp-url, --test-sms-url), and stay in the outbox
// without them; the live ones (--smtp-url, --sms-url) serve live mode alone.
package notify
