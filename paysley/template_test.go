package paysley_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
)

var templateNotFound = e2Body("template_id", "template_id not found")

func TestTemplates(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		invoice := map[string]any{"name": "Invoice", "channel": "email", "subject": "Your invoice", "body": "Pay {amount} here: {url}", "is_default": true}
		a.run([]call{
			{name: "create email default", method: "POST", path: "/v2/templates", body: invoice, shape: "template_detail",
				want: map[string]any{"result": "success", "name": "Invoice", "channel": "email", "subject": "Your invoice",
					"body": "Pay {amount} here: {url}", "is_default": true, "created_at": "2026-11-21T09:52:18.000Z"},
				save: map[string]string{"invoice": "template_id"}},
			{name: "create sms, form body, boolean as a string", method: "POST", path: "/v2/templates",
				body: form("name=Text&channel=SMS&body=Pay+50%25_now&is_default=true"), shape: "template_detail",
				want: map[string]any{"channel": "sms", "subject": nil, "is_default": true}, save: map[string]string{"sms": "template_id"}},
			{name: "a second email default replaces the first", method: "POST", path: "/v2/templates",
				body: with(invoice, "name", "Reminder", "is_default", "1"), want: map[string]any{"is_default": true},
				save: map[string]string{"reminder": "template_id"}},
			{name: "not default", method: "POST", path: "/v2/templates", body: with(invoice, "name", "Plain", "is_default", absent),
				want: map[string]any{"is_default": false}, save: map[string]string{"plain": "template_id"}},
			{name: "live", key: "live", method: "POST", path: "/v2/templates", body: invoice},

			{name: "no name", method: "POST", path: "/v2/templates", body: with(invoice, "name", absent), status: 400, shape: "e2",
				exact: e2Body("name", "name is required")},
			{name: "no channel", method: "POST", path: "/v2/templates", body: with(invoice, "channel", absent), status: 400,
				exact: e2Body("channel", "channel is required")},
			{name: "bad channel", method: "POST", path: "/v2/templates", body: with(invoice, "channel", "fax"), status: 400,
				exact: e2Body("channel", "channel must be email or sms.")},
			{name: "email without subject", method: "POST", path: "/v2/templates", body: with(invoice, "subject", ""), status: 400,
				exact: e2Body("subject", "subject is required")},
			{name: "sms with subject", method: "POST", path: "/v2/templates", body: with(invoice, "channel", "sms"), status: 400,
				exact: e2Body("subject", "An sms template has no subject.")},
			{name: "no body", method: "POST", path: "/v2/templates", body: with(invoice, "body", " \n"), status: 400,
				exact: e2Body("body", "body is required")},
			{name: "is_default not a boolean", method: "POST", path: "/v2/templates", body: with(invoice, "is_default", "yes"), status: 400,
				want: map[string]any{"error_field": "is_default"}},

			{name: "list", path: "/v2/templates?page=1&limit=10", shape: "template_list",
				want: map[string]any{"total_count": 4, "templates.0.template_id": "{plain}", "templates.0.is_default": false,
					"templates.1.template_id": "{reminder}", "templates.1.is_default": true,
					"templates.2.template_id": "{sms}", "templates.2.is_default": true,
					"templates.3.template_id": "{invoice}", "templates.3.is_default": false}},
			{name: "list: channel", path: "/v2/templates?channel=sms", want: map[string]any{"total_count": 1}},
			{name: "list: bad channel", path: "/v2/templates?channel=fax", status: 400, exact: e2Body("channel", "channel must be email or sms.")},
			{name: "list: keyword in subject", path: "/v2/templates?keywords=INVOICE", want: map[string]any{"total_count": 3}},
			{name: "list: keyword %", path: "/v2/templates?keywords=%25", want: map[string]any{"total_count": 0}},
			{name: "list: keyword _", path: "/v2/templates?keywords=_", want: map[string]any{"total_count": 0}},
			{name: "list: keyword '", path: "/v2/templates?keywords=%27", want: map[string]any{"total_count": 0}},
			{name: `list: keyword \`, path: "/v2/templates?keywords=%5C", want: map[string]any{"total_count": 0}},
			{name: "list: limit 0", path: "/v2/templates?limit=0", want: map[string]any{"limit": 10}},
			{name: "list: limit 1000", path: "/v2/templates?limit=1000", want: map[string]any{"limit": 100}},
			{name: "list: page beyond the end", path: "/v2/templates?page=9", want: map[string]any{"page": 9, "page_count": 1, "templates": []any{}}},
			{name: "list: live", key: "live", path: "/v2/templates", want: map[string]any{"total_count": 1}},
			{name: "list: another merchant", key: "other", path: "/v2/templates", want: map[string]any{"total_count": 0}},

			{name: "edit: make the first the default again", method: "PUT", path: "/v2/templates",
				body: map[string]any{"template_id": "{invoice}", "is_default": true, "body": "New body"}, shape: "template_detail",
				want: map[string]any{"is_default": true, "body": "New body", "name": "Invoice"}},
			{name: "edit: move to sms needs the subject gone", method: "PUT", path: "/v2/templates",
				body: map[string]any{"template_id": "{plain}", "channel": "sms"}, status: 400, exact: e2Body("subject", "An sms template has no subject.")},
			{name: "edit: no id", method: "PUT", path: "/v2/templates", body: map[string]any{"name": "x"}, status: 400,
				exact: e2Body("template_id", "template_id is required")},
			{name: "edit: unknown", method: "PUT", path: "/v2/templates", body: map[string]any{"template_id": "tmpl_nope"}, status: 404, exact: templateNotFound},
			{name: "edit: another merchant's", key: "other", method: "PUT", path: "/v2/templates",
				body: map[string]any{"template_id": "{invoice}", "name": "x"}, status: 404, exact: templateNotFound},
			{name: "edit: live", key: "live", method: "PUT", path: "/v2/templates",
				body: map[string]any{"template_id": "{invoice}", "name": "x"}, status: 404, exact: templateNotFound},
			{name: "the old default was unmarked", path: "/v2/templates?channel=email&sort=ASC",
				want: map[string]any{"templates.0.is_default": true, "templates.1.is_default": false, "templates.2.is_default": false}},

			{name: "delete: another merchant's", key: "other", method: "DELETE", path: "/v2/templates/{sms}", status: 404, exact: templateNotFound},
			{name: "delete: live", key: "live", method: "DELETE", path: "/v2/templates/{sms}", status: 404, exact: templateNotFound},
			{name: "delete", method: "DELETE", path: "/v2/templates/{sms}", shape: "deleted_message",
				exact: map[string]any{"result": "success", "message": "Delete template success"}},
			{name: "delete again", method: "DELETE", path: "/v2/templates/{sms}", status: 404, exact: templateNotFound},

			{name: "edit: form body", method: "PUT", path: "/v2/templates", body: form(`template_id={plain}&name=50%25_off+'quoted'+back%5Cslash&is_default=0`),
				want: map[string]any{"name": `50%_off 'quoted' back\slash`, "is_default": false}},
			{name: "list: keyword % matches literally", path: "/v2/templates?keywords=0%25_", want: map[string]any{"total_count": 1, "templates.0.template_id": "{plain}"}},
			{name: "list: keyword ' matches literally", path: "/v2/templates?keywords=%27quoted%27", want: map[string]any{"total_count": 1}},
			{name: `list: keyword \ matches literally`, path: "/v2/templates?keywords=k%5Cs", want: map[string]any{"total_count": 1}},
			{name: "list: _ is not a wildcard", path: "/v2/templates?keywords=50%25_o", want: map[string]any{"total_count": 1}},
			{name: "list: nor is %", path: "/v2/templates?keywords=50%25off", want: map[string]any{"total_count": 0}},
		})
		// Payment requests fall back to the merchant's default through the engine.
		ctx := context.Background()
		s := domain.Scope{MerchantID: merchantOf(t, a, "test")}
		def, ok, err := a.e.DefaultTemplate(ctx, s, domain.ChannelEmail)
		if err != nil || !ok || def.ID != a.vars["invoice"] {
			t.Fatalf("DefaultTemplate(email) = %s, %v, %v; want %s", def.ID, ok, err, a.vars["invoice"])
		}
		if _, ok, err := a.e.DefaultTemplate(ctx, s, domain.ChannelSMS); ok || err != nil {
			t.Fatalf("DefaultTemplate(sms) after deleting it = %v, %v", ok, err)
		}
		if tpl, err := a.e.GetTemplate(ctx, s, a.vars["reminder"]); err != nil || tpl.Subject != "Your invoice" {
			t.Fatalf("GetTemplate = %+v, %v", tpl, err)
		}
	})
}
