package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/notify"
)

// templateForm is the message template form as shown or as sent back.
type templateForm struct {
	ID, Name, Channel, Subject, Body string
	Default                          bool
}

type templatesView struct {
	frame
	Templates []domain.Template
	Form      templateForm // the create form after an error
	Error     string
	Variables []string // the {{name}}s a template may use
}

// templates lists the mode's e-mail and SMS templates of payment requests
// with the form that creates one.
func (s *site) templates(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderTemplates(w, r, q, http.StatusOK, templatesView{Form: templateForm{Channel: domain.ChannelEmail}})
}

func (s *site) renderTemplates(w http.ResponseWriter, r *http.Request, q *req, status int, v templatesView) error {
	page, err := s.Engine.ListTemplates(r.Context(), q.scope(), domain.ListParams{Limit: 100, Page: 1})
	if err != nil {
		return err
	}
	v.frame, v.Templates, v.Variables = q.frame("Templates", "templates"), page.Items, notify.Variables
	v.Notice = notice(r)
	s.html(w, q, status, "templates.html", v)
	return nil
}

type templateView struct {
	frame
	Form      templateForm
	T         domain.Template
	Error     string
	Variables []string
}

// template shows one template, as a form for those who may change it.
func (s *site) template(w http.ResponseWriter, r *http.Request, q *req) error {
	t, err := s.Engine.GetTemplate(r.Context(), q.scope(), r.PathValue("id"))
	if err != nil {
		return engineError(err, "/dashboard/templates")
	}
	v := templateView{frame: q.frame("Template "+t.Name, "templates"), T: t, Variables: notify.Variables,
		Form: templateForm{ID: t.ID, Name: t.Name, Channel: t.Channel, Subject: t.Subject, Body: t.Body, Default: t.IsDefault}}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "template.html", v)
	return nil
}

// saveTemplate creates a template (POST /templates) or changes one (POST
// /templates/{id}) through the engine's CreateTemplate and UpdateTemplate,
// the calls of Paysley's template endpoints.
func (s *site) saveTemplate(w http.ResponseWriter, r *http.Request, q *req) error {
	f := templateForm{ID: r.PathValue("id"), Name: strings.TrimSpace(r.PostFormValue("name")), Channel: r.PostFormValue("channel"),
		Subject: strings.TrimSpace(r.PostFormValue("subject")), Body: strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"),
		Default: r.PostFormValue("default") == "true"}
	subject := f.Subject
	if f.Channel == domain.ChannelSMS {
		subject = "" // the form keeps the field; an SMS has none
	}
	in := domain.TemplateInput{Name: &f.Name, Channel: &f.Channel, Subject: &subject, Body: &f.Body, IsDefault: &f.Default}
	var (
		t   domain.Template
		err error
	)
	if f.ID == "" {
		t, err = s.Engine.CreateTemplate(r.Context(), q.scope(), in)
	} else {
		t, err = s.Engine.UpdateTemplate(r.Context(), q.scope(), f.ID, in)
	}
	if domain.ErrorCode(err) == domain.CodeInvalid {
		msg := domain.AsError(err).Message
		if f.ID == "" {
			return s.renderTemplates(w, r, q, http.StatusUnprocessableEntity, templatesView{Form: f, Error: msg})
		}
		v := templateView{frame: q.frame("Template", "templates"), Form: f, T: domain.Template{ID: f.ID}, Error: msg, Variables: notify.Variables}
		s.html(w, q, http.StatusUnprocessableEntity, "template.html", v)
		return nil
	}
	if err != nil {
		return engineError(err, "/dashboard/templates")
	}
	if f.ID == "" {
		s.audit(r, q, "template.created", t.ID, t.Name+" ("+t.Channel+")")
		return seeOther(w, r, "/dashboard/templates", "template_created")
	}
	s.audit(r, q, "template.updated", t.ID, t.Name+" ("+t.Channel+")")
	return seeOther(w, r, "/dashboard/templates/"+t.ID, "template_saved")
}
