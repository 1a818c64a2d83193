package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// The channels a message template is written for.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Limits on template texts, in characters. An SMS body of 1600 characters is
// ten concatenated segments, where carriers stop.
const (
	maxSubjectLen   = 255
	maxEmailBodyLen = 100_000
	maxSMSBodyLen   = 1600
	// MaxTemplateBodyLen is the longest template body of any channel.
	MaxTemplateBodyLen = maxEmailBodyLen
)

// Template is a merchant's e-mail or SMS message for payment requests, named
// by its opaque ID. At most one template per channel is the default, used
// when a payment request names none.
type Template struct {
	ID         string // "tmpl_" + 24 base62 characters
	MerchantID string
	Livemode   bool
	Name       string
	Channel    string // ChannelEmail or ChannelSMS
	Subject    string // e-mail only
	Body       string
	IsDefault  bool
	Created    time.Time
	Updated    time.Time
}

// TemplateInput is a create or update; nil fields are left as they are.
// Making a template the default unmarks the channel's previous default.
type TemplateInput struct {
	Name, Channel, Subject, Body *string
	IsDefault                    *bool
}

// ValidChannel reports whether c names a template channel.
func ValidChannel(c string) bool { return c == ChannelEmail || c == ChannelSMS }

func (in TemplateInput) apply(t *Template) error {
	for _, f := range []struct {
		src   *string
		dst   *string
		param string
		max   int
	}{{in.Name, &t.Name, "name", maxNameLen}, {in.Subject, &t.Subject, "subject", maxSubjectLen}} {
		if f.src != nil {
			*f.dst = *f.src
		}
		if err := checkText(f.dst, f.param, f.max); err != nil {
			return err
		}
	}
	if t.Name == "" {
		return Missing("name")
	}
	if in.Channel != nil {
		t.Channel = strings.ToLower(strings.TrimSpace(*in.Channel))
	}
	switch {
	case t.Channel == "":
		return Missing("channel")
	case !ValidChannel(t.Channel):
		return Invalid("channel", "parameter_invalid", "channel must be email or sms.")
	}
	if in.Body != nil {
		// A body keeps its surrounding blank lines: they may be the layout.
		t.Body = *in.Body
	}
	max := maxEmailBodyLen
	if t.Channel == ChannelSMS {
		max = maxSMSBodyLen
	}
	switch {
	case strings.TrimSpace(t.Body) == "":
		return Missing("body")
	case utf8.RuneCountInString(t.Body) > max:
		return Invalid("body", "parameter_too_long", "body can be at most %d characters for %s templates.", max, t.Channel)
	}
	switch {
	case t.Channel == ChannelEmail && t.Subject == "":
		return Missing("subject")
	case t.Channel == ChannelSMS && t.Subject != "":
		return Invalid("subject", "parameter_invalid", "An sms template has no subject.")
	}
	if in.IsDefault != nil {
		t.IsDefault = *in.IsDefault
	}
	return nil
}

// CreateTemplate creates a template. Errors: CodeInvalid (name, channel,
// subject, body).
func (e *Engine) CreateTemplate(ctx context.Context, s Scope, in TemplateInput) (Template, error) {
	now := e.now()
	t := Template{ID: NewID("tmpl"), MerchantID: s.MerchantID, Livemode: s.Livemode, Created: now, Updated: now}
	if err := in.apply(&t); err != nil {
		return Template{}, err
	}
	err := e.tx(ctx, func(tx Tx) error {
		if t.IsDefault {
			if err := e.replaceDefault(ctx, tx, s, t.Channel, now); err != nil {
				return err
			}
		}
		return tx.InsertTemplate(ctx, t)
	})
	return t, err
}

// replaceDefault unmarks the channel's default template before another
// becomes it. Concurrent replacements queue on the merchant's lock: without
// it two could both find no default to unmark, and the second to write would
// break the one-default rule instead of winning.
func (e *Engine) replaceDefault(ctx context.Context, tx Tx, s Scope, channel string, now time.Time) error {
	if err := tx.LockMerchant(ctx, s.MerchantID); err != nil {
		return err
	}
	return tx.ClearDefaultTemplate(ctx, s, channel, now)
}

// GetTemplate returns a template by id; payment requests call it for their
// template_id. Errors: CodeNotFound.
func (e *Engine) GetTemplate(ctx context.Context, s Scope, id string) (Template, error) {
	var t Template
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { t, err = tx.GetTemplate(ctx, s, id, false); return err })
	return t, err
}

// DefaultTemplate returns the scope's default template for a channel, and
// false when the merchant has set none (the caller then uses PaySmart's own
// message). Errors: CodeInvalid (channel).
func (e *Engine) DefaultTemplate(ctx context.Context, s Scope, channel string) (Template, bool, error) {
	channel = strings.ToLower(channel)
	if !ValidChannel(channel) {
		return Template{}, false, Invalid("channel", "parameter_invalid", "channel must be email or sms.")
	}
	var t Template
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { t, err = tx.GetDefaultTemplate(ctx, s, channel); return err })
	if ErrorCode(err) == CodeNotFound {
		return Template{}, false, nil
	}
	return t, err == nil, err
}

// UpdateTemplate changes a template. Errors: CodeNotFound, CodeInvalid.
func (e *Engine) UpdateTemplate(ctx context.Context, s Scope, id string, in TemplateInput) (Template, error) {
	now := e.now()
	var t Template
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.GetTemplate(ctx, s, id, true); err != nil {
			return err
		}
		if err := in.apply(&t); err != nil {
			return err
		}
		t.Updated = now
		if t.IsDefault {
			// Also covers a default template moved to the other channel.
			if err := e.replaceDefault(ctx, tx, s, t.Channel, now); err != nil {
				return err
			}
		}
		return tx.UpdateTemplate(ctx, t)
	})
	return t, err
}

// DeleteTemplate deletes a template; payment requests already sent keep the
// text they were sent with. Errors: CodeNotFound.
func (e *Engine) DeleteTemplate(ctx context.Context, s Scope, id string) (Template, error) {
	var t Template
	err := e.tx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.GetTemplate(ctx, s, id, true); err != nil {
			return err
		}
		return tx.DeleteTemplate(ctx, s, id)
	})
	return t, err
}

// ListTemplates returns a page of templates; Keywords match the name and
// subject, and ListParams.Type filters by channel.
func (e *Engine) ListTemplates(ctx context.Context, s Scope, p ListParams) (Page[Template], error) {
	var out Page[Template]
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { out, err = tx.ListTemplates(ctx, s, p); return err })
	return out, err
}
