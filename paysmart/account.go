package paysmart

import (
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// accountJSON is the merchant as Stripe's account object shows it, with the
// settings PaySmart has: Stripe's settings.dashboard.timezone (here also the
// calendar of new subscriptions) and settings.subscriptions (an extension:
// what dunning leaves a subscription as).
type accountJSON struct {
	ID              string                 `json:"id"`
	Object          string                 `json:"object"`
	BusinessProfile accountBusinessProfile `json:"business_profile"`
	Settings        accountSettings        `json:"settings"`
	Created         int64                  `json:"created"`
}

type accountBusinessProfile struct {
	Name *string `json:"name"`
}

type accountSettings struct {
	Dashboard     accountDashboard     `json:"dashboard"`
	Subscriptions accountSubscriptions `json:"subscriptions"`
}

type accountDashboard struct {
	Timezone string `json:"timezone"`
}

type accountSubscriptions struct {
	DunningFinal string `json:"dunning_final"`
}

func renderAccount(m domain.Merchant) accountJSON {
	final := string(m.DunningFinal)
	if final == "" {
		final = string(domain.SubscriptionPastDue)
	}
	tz := m.TimeZone
	if tz == "" {
		tz = "UTC"
	}
	return accountJSON{ID: m.ID, Object: "account", BusinessProfile: accountBusinessProfile{Name: nullable(m.Name)},
		Settings: accountSettings{Dashboard: accountDashboard{Timezone: tz}, Subscriptions: accountSubscriptions{DunningFinal: final}},
		Created:  unix(m.Created)}
}

// getAccount is GET /v2/account: the merchant of the key, in either mode (the
// settings are the merchant's, not a mode's).
func (h *handler) getAccount(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Engine.Merchant(r.Context(), scope(r).MerchantID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderAccount(m))
	return nil
}

// accountSettingsParams names the domain's settings parameters as this
// endpoint's bracket names, for its errors.
var accountSettingsParams = map[string]string{
	"timezone":      "settings[dashboard][timezone]",
	"dunning_final": "settings[subscriptions][dunning_final]",
}

// updateAccount is POST /v2/account: settings[dashboard][timezone] (an IANA
// name; new subscriptions' calendar, dates on pages) and
// settings[subscriptions][dunning_final] (past_due or canceled).
func (h *handler) updateAccount(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	var in domain.SubscriptionSettings
	settings, ok, err := p.Obj("settings")
	if err != nil {
		return err
	}
	if ok {
		for _, f := range []struct {
			key, field string
			dst        **string
		}{{"dashboard", "timezone", &in.TimeZone}, {"subscriptions", "dunning_final", &in.DunningFinal}} {
			obj, ok, err := settings.Obj(f.key)
			if err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			v, sent, err := obj.Str(f.field)
			if err != nil {
				return err
			}
			if sent {
				*f.dst = &v
			}
		}
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	m, err := h.Engine.SetSubscriptionSettings(r.Context(), scope(r).MerchantID, in)
	if de := domain.AsError(err); err != nil && accountSettingsParams[de.Param] != "" {
		named := *de
		named.Param = accountSettingsParams[de.Param]
		return &named
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderAccount(m))
	return nil
}
