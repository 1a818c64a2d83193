package dashboard

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// wallets are the wallets a merchant may offer on Paysley payment requests.
var wallets = []string{"APPLE_PAY", "GOOGLE_PAY"}

// zoneChoices are offered as the time zone field's suggestions; any IANA
// name is accepted.
var zoneChoices = []string{"UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
	"America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
	"Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"}

type settingsForm struct {
	Name         string // the business name
	TimeZone     string
	Wallets      []string
	DunningFinal string
	domain.MerchantContact
}

// Has reports whether the form offers wallet w, for the checkboxes.
func (f settingsForm) Has(w string) bool { return slices.Contains(f.Wallets, w) }

type settingsView struct {
	frame
	Form        settingsForm
	AllWallets  []string
	ZoneChoices []string
	Error       string
}

func formOf(m domain.Merchant) settingsForm {
	f := settingsForm{Name: m.Name, TimeZone: m.TimeZone, DunningFinal: string(m.DunningFinal), MerchantContact: m.MerchantContact}
	if f.TimeZone == "" {
		f.TimeZone = "UTC"
	}
	if f.DunningFinal == "" {
		f.DunningFinal = string(domain.SubscriptionPastDue)
	}
	for _, w := range strings.Split(m.Wallets, ",") {
		if w = strings.TrimSpace(w); w != "" {
			f.Wallets = append(f.Wallets, w)
		}
	}
	return f
}

// settings shows the merchant's settings to its owners.
func (s *site) settings(w http.ResponseWriter, r *http.Request, q *req) error {
	v := settingsView{frame: q.frame("Settings", "settings"), Form: formOf(q.merchant), AllWallets: wallets, ZoneChoices: zoneChoices}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "settings.html", v)
	return nil
}

// saveSettings changes the merchant's settings through the engine calls of
// `paysmart merchants update`: RenameMerchant, SetMerchantContact, SetWallets
// and SetSubscriptionSettings, each only when its fields changed. Everything
// is checked before the first call, so a refusal changes nothing (only the
// contact's checks are the engine's, and it goes first).
func (s *site) saveSettings(w http.ResponseWriter, r *http.Request, q *req) error {
	r.ParseForm()
	cur := formOf(q.merchant)
	f := settingsForm{Name: r.PostFormValue("name"), TimeZone: strings.TrimSpace(r.PostFormValue("timezone")), DunningFinal: r.PostFormValue("dunning_final"),
		MerchantContact: domain.MerchantContact{Email: strings.TrimSpace(r.PostFormValue("email")),
			MailFrom: strings.TrimSpace(r.PostFormValue("mail_from")), PhoneNumbers: strings.TrimSpace(r.PostFormValue("phone_numbers"))}}
	if _, ok := r.PostForm["name"]; !ok {
		f.Name = cur.Name // a form without the field leaves the name
	}
	if f.TimeZone == "" {
		f.TimeZone = "UTC"
	}
	for _, wl := range r.PostForm["wallets"] {
		if !slices.Contains(f.Wallets, wl) {
			f.Wallets = append(f.Wallets, wl)
		}
	}
	fail := func(msg string) error {
		v := settingsView{frame: q.frame("Settings", "settings"), Form: f, AllWallets: wallets, ZoneChoices: zoneChoices, Error: msg}
		s.html(w, q, http.StatusUnprocessableEntity, "settings.html", v)
		return nil
	}
	name, err := domain.CheckMerchantName(f.Name)
	if err != nil {
		return fail(domain.AsError(err).Message)
	}
	if _, err := domain.LoadZone("timezone", f.TimeZone); err != nil {
		return fail(domain.AsError(err).Message)
	}
	for _, wl := range f.Wallets {
		if !slices.Contains(wallets, wl) {
			return fail("Unknown wallet " + wl + ": choose Apple Pay or Google Pay.")
		}
	}
	if f.DunningFinal != string(domain.SubscriptionPastDue) && f.DunningFinal != string(domain.SubscriptionCanceled) {
		return fail("Choose what a subscription becomes when every retry of a charge failed.")
	}
	ctx, id := r.Context(), q.user.MerchantID
	var changed []string
	if f.MerchantContact != cur.MerchantContact {
		err := s.Engine.SetMerchantContact(ctx, id, f.MerchantContact)
		if domain.ErrorCode(err) == domain.CodeInvalid {
			return fail(domain.AsError(err).Message)
		}
		if err != nil {
			return err
		}
		changed = append(changed, "contact")
	}
	if name != cur.Name {
		if _, err := s.Engine.RenameMerchant(ctx, id, name); err != nil {
			return err
		}
		s.audit(r, q, "merchant.renamed", id, strconv.Quote(cur.Name)+" → "+strconv.Quote(name))
	}
	// Kept in the order of the list, as the CLI writes them.
	var ws []string
	for _, wl := range wallets {
		if f.Has(wl) {
			ws = append(ws, wl)
		}
	}
	if strings.Join(ws, ",") != strings.Join(cur.Wallets, ",") {
		if err := s.Engine.SetWallets(ctx, id, ws); err != nil {
			return err
		}
		changed = append(changed, "wallets "+strings.Join(ws, ","))
	}
	var set domain.SubscriptionSettings
	if f.TimeZone != cur.TimeZone {
		set.TimeZone = &f.TimeZone
		changed = append(changed, "time zone "+f.TimeZone)
	}
	if f.DunningFinal != cur.DunningFinal {
		set.DunningFinal = &f.DunningFinal
		changed = append(changed, "dunning ends "+f.DunningFinal)
	}
	if set != (domain.SubscriptionSettings{}) {
		if _, err := s.Engine.SetSubscriptionSettings(ctx, id, set); err != nil {
			return err
		}
	}
	if len(changed) > 0 {
		s.audit(r, q, "settings.changed", id, strings.Join(changed, "; "))
	}
	return seeOther(w, r, "/dashboard/settings", "settings")
}

// walletLabel names a wallet for people.
func walletLabel(w string) string {
	return map[string]string{"APPLE_PAY": "Apple Pay", "GOOGLE_PAY": "Google Pay"}[w]
}
