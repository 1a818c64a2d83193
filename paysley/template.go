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
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := templateInput(p)
	if err != nil {
		return catalogError(err, templateFields)
	}
	t, err := h.Engine.CreateTemplate(r.Context(), scope(r), in)
	if err != nil {
		return catalogError(err, templateFields)
	}
	web.WriteJSON(w, http.StatusOK, templateDetail{Result: "success", templateJSON: renderTemplate(t)})
	return nil
}

// editTemplate is PUT /v2/templates with template_id in the body.
func (h *handler) editTemplate(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	id, _, err := p.Str("template_id")
	if err != nil {
		return catalogError(err, templateFields)
	}
	if id == "" {
		return catalogError(domain.Missing("template"), templateFields)
	}
	in, err := templateInput(p)
	if err != nil {
		return catalogError(err, templateFields)
	}
	t, err := h.Engine.UpdateTemplate(r.Context(), scope(r), id, in)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errTemplateNotFound
	}
	if err != nil {
		return catalogError(err, templateFields)
	}
	web.WriteJSON(w, http.StatusOK, templateDetail{Result: "success", templateJSON: renderTemplate(t)})
	return nil
}

// listTemplates is GET /v2/templates: page, limit, keywords (name,
// subject), channel, sort.
func (h *handler) listTemplates(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	if lp.Type, err = filterParam(q, "channel", domain.ChannelEmail, domain.ChannelSMS); err != nil {
		return err
	}
	page, err := h.Engine.ListTemplates(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	out := templateList{listEnvelope: newEnvelope(lp, page.Total), Templates: []templateJSON{}}
	for _, t := range page.Items {
		out.Templates = append(out.Templates, renderTemplate(t))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// deleteTemplate is DELETE /v2/templates/{template_id}.
func (h *handler) deleteTemplate(w http.ResponseWriter, r *http.Request) error {
	_, err := h.Engine.DeleteTemplate(r.Context(), scope(r), r.PathValue("template_id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return errTemplateNotFound
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, deletedMessage{Result: "success", Message: "Delete template success"})
	return nil
}
