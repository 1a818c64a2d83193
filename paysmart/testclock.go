package paysmart

import (
	"net/http"
	"time"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// testClockJSON is Stripe's test_helpers.test_clock object.
type testClockJSON struct {
	ID         string  `json:"id"`
	Object     string  `json:"object"`
	Name       *string `json:"name"`
	FrozenTime int64   `json:"frozen_time"`
	Status     string  `json:"status"`
	Livemode   bool    `json:"livemode"`
	Created    int64   `json:"created"`
}

func renderTestClock(c domain.TestClock) testClockJSON {
	return testClockJSON{ID: c.ID, Object: "test_helpers.test_clock", Name: nullable(c.Name), FrozenTime: unix(c.FrozenTime),
		Status: c.Status, Livemode: c.Livemode, Created: unix(c.Created)}
}

// frozenTime reads the required frozen_time (Unix seconds).
func frozenTime(p *web.Params) (time.Time, error) {
	v, ok, err := intParam(p, "frozen_time")
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Time{}, domain.Missing("frozen_time")
	}
	return time.Unix(v, 0).UTC(), nil
}

func (h *handler) createTestClock(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	t, err := frozenTime(p)
	if err != nil {
		return err
	}
	name, _, err := p.Str("name")
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	c, err := h.Engine.CreateTestClock(r.Context(), scope(r), t, name)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderTestClock(c))
	return nil
}

func (h *handler) getTestClock(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Engine.GetTestClock(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderTestClock(c))
	return nil
}

func (h *handler) listTestClocks(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := listParams(q)
	if err != nil {
		return err
	}
	if err := rejectUnknown(q); err != nil {
		return err
	}
	page, err := h.Engine.ListTestClocks(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	items := make([]testClockJSON, len(page.Items))
	for i, c := range page.Items {
		items[i] = renderTestClock(c)
	}
	web.WriteJSON(w, http.StatusOK, newList("/v2/test_helpers/test_clocks", items, page.HasMore))
	return nil
}

// advanceTestClock runs everything due up to frozen_time before it answers;
// the clock is ready again by then.
func (h *handler) advanceTestClock(w http.ResponseWriter, r *http.Request) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	t, err := frozenTime(p)
	if err != nil {
		return err
	}
	if err := rejectUnknown(p); err != nil {
		return err
	}
	c, err := h.Engine.AdvanceTestClock(r.Context(), scope(r), r.PathValue("id"), t)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, renderTestClock(c))
	return nil
}

func (h *handler) deleteTestClock(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Engine.DeleteTestClock(r.Context(), scope(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, deletedJSON{ID: c.ID, Object: "test_helpers.test_clock", Deleted: true})
	return nil
}
