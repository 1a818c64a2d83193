package dashboard

import (
	"net/http"
	"strings"
	"time"

	"github.com/paysmart/paysmart/domain"
)

type keyRow struct {
	Key   domain.APIKey
	State string
	Live  bool // works now
}

type keysView struct {
	frame
	Keys   []keyRow
	New    *domain.NewKey // a key just created or rolled: its secret, this once
	Rolled string         // the key it replaced
	Error  string
}

// MaxKeyGrace is the longest an old key keeps working after a roll.
const MaxKeyGrace = 7 * 24 * time.Hour

// keys lists the mode's keys of the merchant (redacted), with create, roll
// and revoke.
func (s *site) keys(w http.ResponseWriter, r *http.Request, q *req) error {
	return s.renderKeys(w, r, q, http.StatusOK, keysView{})
}

func (s *site) renderKeys(w http.ResponseWriter, r *http.Request, q *req, status int, v keysView) error {
	all, err := s.Engine.ListKeys(r.Context(), q.user.MerchantID)
	if err != nil {
		return err
	}
	now, loc := time.Now(), zone(q.merchant)
	for _, k := range all {
		if k.Livemode == q.session.Livemode {
			v.Keys = append(v.Keys, keyRow{Key: k, State: keyState(k, now, loc), Live: k.Active(now)})
		}
	}
	v.frame = q.frame("API keys", "keys")
	v.Notice = notice(r)
	s.html(w, q, status, "keys.html", v)
	return nil
}

func keyState(k domain.APIKey, now time.Time, loc *time.Location) string {
	switch {
	case k.RevokedAt != nil:
		return "Revoked " + whenSec(*k.RevokedAt, loc)
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return "Expired " + whenSec(*k.ExpiresAt, loc)
	case k.ExpiresAt != nil:
		return "Rolled; works until " + whenSec(*k.ExpiresAt, loc)
	}
	return "Active"
}

// ownKey finds one of the merchant's own keys: key ids are global, and the
// engine's RollKey and RevokeKey take any.
func (s *site) ownKey(r *http.Request, q *req) (domain.APIKey, error) {
	all, err := s.Engine.ListKeys(r.Context(), q.user.MerchantID)
	if err != nil {
		return domain.APIKey{}, err
	}
	for _, k := range all {
		if k.ID == r.PathValue("id") {
			return k, nil
		}
	}
	return domain.APIKey{}, &pageError{Status: 404, Title: "Key not found", Message: "No such key of " + q.merchant.Name + ".", Back: "/dashboard/keys"}
}

func (s *site) createKey(w http.ResponseWriter, r *http.Request, q *req) error {
	kind := domain.KeyKind(r.PostFormValue("kind"))
	nk, err := s.Engine.CreateKey(r.Context(), q.user.MerchantID, kind, q.session.Livemode)
	if domain.ErrorCode(err) == domain.CodeInvalid {
		return s.renderKeys(w, r, q, http.StatusUnprocessableEntity, keysView{Error: domain.AsError(err).Message})
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "key.created", nk.Key.ID, nk.Key.Redacted())
	return s.renderKeys(w, r, q, http.StatusOK, keysView{New: &nk})
}

// rollKey replaces a key; the old one works for the grace period given
// ("24h", "1h", "0" for none), then stops.
func (s *site) rollKey(w http.ResponseWriter, r *http.Request, q *req) error {
	k, err := s.ownKey(r, q)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(r.PostFormValue("grace"))
	grace, err := time.ParseDuration(text)
	if text == "0" {
		grace, err = 0, nil
	}
	if err != nil || grace < 0 || grace > MaxKeyGrace {
		return s.renderKeys(w, r, q, http.StatusUnprocessableEntity, keysView{Error: "The grace period is a duration such as 24h, 30m or 0, at most 168h."})
	}
	nk, err := s.Engine.RollKey(r.Context(), k.ID, grace)
	if domain.ErrorCode(err) == domain.CodeState {
		return s.renderKeys(w, r, q, http.StatusConflict, keysView{Error: domain.AsError(err).Message})
	}
	if err != nil {
		return err
	}
	s.audit(r, q, "key.rolled", k.ID, "replaced by "+nk.Key.ID+", old key works for "+grace.String())
	return s.renderKeys(w, r, q, http.StatusOK, keysView{New: &nk, Rolled: k.Redacted()})
}

func (s *site) revokeKey(w http.ResponseWriter, r *http.Request, q *req) error {
	k, err := s.ownKey(r, q)
	if err != nil {
		return err
	}
	if _, err := s.Engine.RevokeKey(r.Context(), k.ID); err != nil {
		return engineError(err, "/dashboard/keys")
	}
	s.audit(r, q, "key.revoked", k.ID, k.Redacted())
	return seeOther(w, r, "/dashboard/keys", "revoked")
}
