package dashboard

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// subscriptionStatuses are the statuses the list filters by.
var subscriptionStatuses = []domain.SubscriptionStatus{domain.SubscriptionActive, domain.SubscriptionPastDue,
	domain.SubscriptionCanceled, domain.SubscriptionCompleted}

type subscriptionRow struct {
	S        domain.Subscription
	Customer string // the customer's name or e-mail, "" when it has neither
}

type subscriptionsView struct {
	frame
	Subs     []subscriptionRow
	Status   string
	Customer string
	Statuses []domain.SubscriptionStatus
	Older    string
}

// subscriptions lists the mode's subscriptions, newest first, filtered by
// status and customer.
func (s *site) subscriptions(w http.ResponseWriter, r *http.Request, q *req) error {
	f := r.URL.Query()
	v := subscriptionsView{frame: q.frame("Subscriptions", "subscriptions"), Status: f.Get("status"),
		Customer: strings.TrimSpace(f.Get("customer")), Statuses: subscriptionStatuses}
	lp := domain.ListParams{Limit: pageSize, After: f.Get("after"), Customer: v.Customer}
	for _, st := range subscriptionStatuses {
		if string(st) == v.Status {
			lp.Status = v.Status
		}
	}
	v.Status = lp.Status
	page, err := s.Engine.ListSubscriptions(r.Context(), q.scope(), lp)
	if domain.ErrorCode(err) == domain.CodeInvalid { // a stale cursor: start over
		lp.After = ""
		page, err = s.Engine.ListSubscriptions(r.Context(), q.scope(), lp)
	}
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, sub := range page.Items {
		if _, ok := names[sub.Customer]; !ok {
			names[sub.Customer] = s.customerName(r, q, sub.Customer)
		}
		v.Subs = append(v.Subs, subscriptionRow{S: sub, Customer: names[sub.Customer]})
	}
	if page.HasMore && len(page.Items) > 0 {
		next := url.Values{"after": {page.Items[len(page.Items)-1].ID}}
		if v.Status != "" {
			next.Set("status", v.Status)
		}
		if v.Customer != "" {
			next.Set("customer", v.Customer)
		}
		v.Older = "/dashboard/subscriptions?" + next.Encode()
	}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "subscriptions.html", v)
	return nil
}

// customerName is how a customer is shown beside its id: its name, else its
// e-mail, else nothing.
func (s *site) customerName(r *http.Request, q *req, id string) string {
	if id == "" {
		return ""
	}
	c, err := s.Engine.GetCustomer(r.Context(), q.scope(), domain.CustomerRef{ID: id}, true)
	if err != nil {
		return ""
	}
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	if n := strings.TrimSpace(c.FirstName + " " + c.LastName); n != "" {
		return n
	}
	return c.Email
}

type subscriptionView struct {
	frame
	S         domain.Subscription
	Customer  string
	Charges   []domain.SubscriptionCharge
	CanCancel bool
}

// subscription shows one subscription: its terms, its calendar, every charge
// attempt with its payment, and the cancel button for owners and developers.
func (s *site) subscription(w http.ResponseWriter, r *http.Request, q *req) error {
	sub, err := s.Engine.GetSubscription(r.Context(), q.scope(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &pageError{Status: 404, Title: "Subscription not found",
			Message: "No subscription " + r.PathValue("id") + " in " + modeWord(q.session.Livemode) + " mode.", Back: "/dashboard/subscriptions"}
	}
	if err != nil {
		return err
	}
	charges, err := s.Engine.SubscriptionCharges(r.Context(), q.scope(), sub.ID)
	if err != nil {
		return err
	}
	v := subscriptionView{frame: q.frame("Subscription "+sub.ID, "subscriptions"), S: sub, Customer: s.customerName(r, q, sub.Customer),
		Charges: charges, CanCancel: q.user.Role.Can(domain.PermDevelop) &&
			(sub.Status == domain.SubscriptionActive || sub.Status == domain.SubscriptionPastDue)}
	v.Notice = notice(r)
	s.html(w, q, http.StatusOK, "subscription.html", v)
	return nil
}

// cancelSubscription stops a subscription through the engine's
// CancelSubscription, as DELETE /v2/subscriptions/{id} does.
func (s *site) cancelSubscription(w http.ResponseWriter, r *http.Request, q *req) error {
	id := r.PathValue("id")
	sub, err := s.Engine.CancelSubscription(r.Context(), q.scope(), id)
	if err != nil {
		return engineError(err, "/dashboard/subscriptions/"+url.PathEscape(id))
	}
	s.audit(r, q, "subscription.canceled", sub.ID, money(sub.Amount, sub.Currency)+" every "+string(sub.Interval))
	return seeOther(w, r, "/dashboard/subscriptions/"+sub.ID, "sub_canceled")
}

// intervalLabel is how often a subscription charges, for people.
func intervalLabel(iv domain.Interval) string {
	return map[domain.Interval]string{domain.IntervalWeek: "Weekly", domain.IntervalMonth: "Monthly",
		domain.IntervalQuarter: "Quarterly", domain.IntervalYear: "Yearly"}[iv]
}

// subStatusLabel is a subscription status for people.
func subStatusLabel(st domain.SubscriptionStatus) string {
	return map[domain.SubscriptionStatus]string{domain.SubscriptionActive: "Active", domain.SubscriptionPastDue: "Past due",
		domain.SubscriptionCanceled: "Canceled", domain.SubscriptionCompleted: "Completed"}[st]
}
