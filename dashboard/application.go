package dashboard

import (
	"net/http"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

type applicationsView struct {
	frame
	Apps  []domain.Application
	New   *domain.Application
	Keys  domain.KeySet
	Error string
}

// applications lists the Paysley applications connected with the merchant:
// a developer registers and publishes one; an owner or developer enables it.
func (s *site) applications(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderApplications(w, r, q, http.StatusOK, applicationsView{})
}

func (s *site) renderApplications(w http.ResponseWriter, r *http.Request, q *req, status int, v applicationsView) error {
	apps, err := s.Engine.ListApplications(r.Context(), q.user.MerchantID)
	if err != nil {
		return err
	}
	v.frame, v.Apps = q.frame("Applications", "applications"), apps
	v.Notice = notice(r)
	s.html(w, q, status, "applications.html", v)
	return nil
}

func (s *site) createApplication(w http.ResponseWriter, r *http.Request, q *req) error {
	a, keys, err := s.Engine.CreateApplication(r.Context(), q.user.MerchantID, r.PostFormValue("name"))
	if domain.ErrorCode(err) == domain.CodeInvalid {
		return s.renderApplications(w, r, q, http.StatusUnprocessableEntity, applicationsView{Error: domain.AsError(err).Message})
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "application.created", a.ID, a.Name)
	return s.renderApplications(w, r, q, http.StatusOK, applicationsView{New: &a, Keys: keys})
}

// changeApplication publishes, enables or disables one of the merchant's
// applications; a disabled one's live key is refused at once on this node.
func (s *site) changeApplication(w http.ResponseWriter, r *http.Request, q *req) error {
	a, err := s.Engine.GetApplication(r.Context(), r.PathValue("id"))
	if err != nil || a.MerchantID != q.user.MerchantID {
		return &pageError{Status: 404, Title: "Application not found", Message: "No such application of " + q.merchant.Name + ".", Back: "/dashboard/applications"}
	}
	action := r.PathValue("action")
	switch action {
	case "publish":
		_, err = s.Engine.PublishApplication(r.Context(), a.ID)
		action = "published"
	case "enable", "disable":
		_, err = s.Engine.SetApplicationEnabled(r.Context(), a.ID, action == "enable")
		action = strings.TrimSuffix(action, "e") + "ed"
	default:
		return &pageError{Status: 404, Title: "Not found", Message: "No such action.", Back: "/dashboard/applications"}
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "application."+action, a.ID, a.Name)
	return seeOther(w, r, "/dashboard/applications", action)
}
