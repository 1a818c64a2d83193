package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

const messageColumns = `id, merchant_id, livemode, key, channel, kind, recipient, sender, reply_to, subject, body_text,
	body_html, attachments, media, media_url, encoding, segments, template_id, payment_request_id, payment_id, refund_id,
	status, attempts, last_error, provider_id, created, updated, sent_at, kept, resent_from`

// attachmentJSON is the stored form of an attachment; its tags are the format.
type attachmentJSON struct {
	Source string `json:"source"`
	Format string `json:"format,omitempty"`
	URL    string `json:"url,omitempty"`
}

func encodeAttachments(as []domain.Attachment) string {
	out := make([]attachmentJSON, len(as))
	for i, a := range as {
		out[i] = attachmentJSON(a)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func encodeMedia(a *domain.Attachment) string {
	if a == nil {
		return ""
	}
	b, _ := json.Marshal(attachmentJSON(*a))
	return string(b)
}

func scanMessage(row interface{ Scan(...any) error }) (domain.Message, error) {
	var m domain.Message
	var attachments, media string
	var created, updated int64
	var sent sql.NullInt64
	err := row.Scan(&m.ID, &m.MerchantID, &m.Livemode, &m.Key, &m.Channel, &m.Kind, &m.To, &m.From, &m.ReplyTo, &m.Subject,
		&m.Text, &m.HTML, &attachments, &media, &m.MediaURL, &m.Encoding, &m.Segments, &m.TemplateID, &m.PaymentRequestID,
		&m.PaymentID, &m.RefundID, &m.Status, &m.Attempts, &m.LastError, &m.ProviderID, &created, &updated, &sent, &m.Kept, &m.ResentFrom)
	if err != nil {
		return m, err
	}
	var as []attachmentJSON
	if err := json.Unmarshal([]byte(attachments), &as); err != nil {
		return m, err
	}
	for _, a := range as {
		m.Attachments = append(m.Attachments, domain.Attachment(a))
	}
	if media != "" {
		var a attachmentJSON
		if err := json.Unmarshal([]byte(media), &a); err != nil {
			return m, err
		}
		da := domain.Attachment(a)
		m.Media = &da
	}
	m.Created, m.Updated, m.SentAt = fromMS(created), fromMS(updated), fromNullMS(sent)
	return m, nil
}

func (t *tx) InsertMessage(ctx context.Context, m domain.Message) (bool, error) {
	res, err := t.q.ExecContext(ctx, `INSERT INTO messages (`+messageColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30) ON CONFLICT (key) DO NOTHING`,
		m.ID, m.MerchantID, m.Livemode, m.Key, m.Channel, m.Kind, m.To, m.From, m.ReplyTo, m.Subject, m.Text, m.HTML,
		encodeAttachments(m.Attachments), encodeMedia(m.Media), m.MediaURL, m.Encoding, m.Segments, m.TemplateID,
		m.PaymentRequestID, m.PaymentID, m.RefundID, m.Status, m.Attempts, m.LastError, m.ProviderID, ms(m.Created),
		ms(m.Updated), msPtr(m.SentAt), m.Kept, m.ResentFrom)
	if err != nil {
		return false, translate(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err)
	}
	if n == 1 {
		t.count(m.MerchantID, m.Livemode, countMessages, 1)
	}
	return n == 1, nil
}

func (t *tx) UpdateMessage(ctx context.Context, m domain.Message) error {
	_, err := t.q.ExecContext(ctx, `UPDATE messages SET status = $2, attempts = $3, last_error = $4, provider_id = $5,
		updated = $6, sent_at = $7, kept = $8 WHERE id = $1`,
		m.ID, m.Status, m.Attempts, m.LastError, m.ProviderID, ms(m.Updated), msPtr(m.SentAt), m.Kept)
	return translate(err)
}

func (t *tx) GetMessage(ctx context.Context, s domain.Scope, id string, forUpdate bool) (domain.Message, error) {
	q := scoped(s)
	q.and("id = %s", id)
	lock := ""
	if forUpdate {
		lock = t.forUpdate()
	}
	m, err := scanMessage(t.q.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages`+q.whereSQL()+lock, q.args...))
	if err != nil {
		return m, notFound(err, "message", id)
	}
	return m, nil
}

func (t *tx) ListMessages(ctx context.Context, s domain.Scope, p domain.ListParams) (domain.Page[domain.Message], error) {
	q := scoped(s)
	if p.Status != "" {
		q.and("status = %s", p.Status)
	}
	if p.Type != "" {
		q.and("channel = %s", p.Type)
	}
	if p.Payment != "" {
		q.and("payment_id = %s", p.Payment)
	}
	q.keywords(p.Keywords, "recipient", "subject")
	spec := listSpec{table: "messages", columns: messageColumns, kind: "message"}
	if len(q.where) == 2 { // the scope alone: no status, channel, payment or keyword
		spec.count, spec.scope = countMessages, s
	}
	return list(ctx, t, spec, q, p, func(r *sql.Rows) (domain.Message, error) { return scanMessage(r) })
}

// KeptMessages locks up to limit queued messages of one mode and of the
// channels that were kept in the outbox, oldest first, across merchants. On
// PostgreSQL a row another node holds is skipped: that node releases it.
func (t *tx) KeptMessages(ctx context.Context, livemode bool, channels []string, limit int) ([]domain.Message, error) {
	if len(channels) == 0 || limit <= 0 {
		return nil, nil
	}
	args := []any{livemode, limit}
	marks := make([]string, len(channels))
	for i, c := range channels {
		args = append(args, c)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := t.q.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE kept AND status = 'queued' AND livemode = $1 AND channel IN (`+strings.Join(marks, ", ")+`)
		ORDER BY seq LIMIT CAST($2 AS BIGINT)`+t.skipLocked(), args...)
	return scanMessages(rows, err)
}

// QueuedInvoices locks the invoices of a payment request that are still
// queued, oldest first.
func (t *tx) QueuedInvoices(ctx context.Context, s domain.Scope, requestID string) ([]domain.Message, error) {
	q := scoped(s)
	q.and("payment_request_id = %s", requestID)
	q.and("kind = %s", domain.MessageInvoice)
	q.and("status = %s", domain.MessageQueued)
	rows, err := t.q.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages`+q.whereSQL()+` ORDER BY seq`+t.forUpdate(), q.args...)
	return scanMessages(rows, err)
}

// GetMessageByProvider locks the SMS or MMS of a mode with the provider's
// id, across merchants: the provider's report names no merchant.
func (t *tx) GetMessageByProvider(ctx context.Context, livemode bool, providerID string) (domain.Message, error) {
	m, err := scanMessage(t.q.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE provider_id = $1 AND livemode = $2 AND channel IN ('sms', 'mms')`+t.forUpdate(), providerID, livemode))
	if err != nil {
		return m, notFound(err, "message", providerID)
	}
	return m, nil
}

// scanMessages reads every row of a message query (err is the query's).
func scanMessages(rows *sql.Rows, err error) ([]domain.Message, error) {
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []domain.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, translate(rows.Err())
}
