package paysley

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// Message templates are an extension (IC-P32): the document names
// template_id on payment requests but has no endpoints for templates. They
// follow the catalog's conventions, like tax profiles.

// templateJSON is a message template; subject is null for sms templates.
type templateJSON struct {
	TemplateID string  `json:"template_id"`
	Name       string  `json:"name"`
	Channel    string  `json:"channel"`
	Subject    *string `json:"subject"`
	Body       string  `json:"body"`
	IsDefault  bool    `json:"is_default"`
	CreatedAt  string  `json:"created_at"`
}

type templateDetail struct {
	Result string `json:"result"`
	templateJSON
}

type templateList struct {
	listEnvelope
	Templates []templateJSON `json:"templates"`
}

var errTemplateNotFound = e2(http.StatusNotFound, "template_id", "template_id not found")

var templateFields = map[string]string{"template": "template_id"}

func templateError(err error) error { return catalogError(err, templateFields) }

func renderTemplateDetail(t domain.Template) any {
	return templateDetail{Result: "success", templateJSON: renderTemplate(t)}
}

func renderTemplate(t domain.Template) templateJSON {
	return templateJSON{TemplateID: t.ID, Name: t.Name, Channel: t.Channel, Subject: nullable(t.Subject),
		Body: t.Body, IsDefault: t.IsDefault, CreatedAt: isoTime(t.Created)}
}

func templateInput(p *web.Params) (domain.TemplateInput, error) {
	var in domain.TemplateInput
	var err error
	for _, f := range []struct {
		key string
		dst **string
	}{{"name", &in.Name}, {"channel", &in.Channel}, {"subject", &in.Subject}} {
		if *f.dst, err = optString(p, f.key); err != nil {
			return in, err
		}
	}
	if sent(p, "body") { // longer than web.MaxStringLen: the engine checks it per channel
		body, _, err := p.LongStr("body", domain.MaxTemplateBodyLen)
		if err != nil {
			return in, err
		}
		in.Body = &body
	}
	in.IsDefault, err = optBool(p, "is_default")
	return in, err
}

// createTemplate is POST /v2/templates: name, channel ("email" or "sms"),
// subject (email only), body, is_default. A new default replaces the
// channel's previous one.
func (h *handler) createTemplate(w http.ResponseWriter, r *http.Request) error {
	return createOne(w, r, templateError, templateInput, h.Engine.CreateTemplate, renderTemplateDetail)
}

// editTemplate is PUT /v2/templates with template_id in the body.
func (h *handler) editTemplate(w http.ResponseWriter, r *http.Request) error {
	id := stringParam("template_id", func() error { return templateError(domain.Missing("template")) }, templateError)
	return editOne(w, r, templateError, errTemplateNotFound, id, templateInput, h.Engine.UpdateTemplate, renderTemplateDetail)
}

// listTemplates is GET /v2/templates: page, limit, keywords (name,
// subject), channel, sort.
func (h *handler) listTemplates(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, typeFilter("channel", domain.ChannelEmail, domain.ChannelSMS), h.Engine.ListTemplates,
		func(env listEnvelope, items []domain.Template) any {
			return templateList{listEnvelope: env, Templates: each(items, renderTemplate)}
		})
}

// deleteTemplate is DELETE /v2/templates/{template_id}.
func (h *handler) deleteTemplate(w http.ResponseWriter, r *http.Request) error {
	return deleteOne(w, r, templateError, errTemplateNotFound, r.PathValue("template_id"), true, h.Engine.DeleteTemplate,
		func(domain.Template) any {
			return deletedMessage{Result: "success", Message: "Delete template success"}
		})
}
