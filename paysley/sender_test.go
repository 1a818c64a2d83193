package paysley_test

import (
	"context"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server/servertest"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/store/storetest"
)

// TestMerchantPhoneNumberMustBeRegistered: merchant_phone_number names one
// of the merchant's registered sender numbers (written any way: spacing and
// punctuation do not matter), else the E2 body naming the field, on create
// and on edit; with none registered the refusal says to register one; no
// number at all needs nothing.
func TestMerchantPhoneNumberMustBeRegistered(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		e := servertest.New(t, s)
		ctx := context.Background()
		py := "bearer:" + e.Keys["py_test"]
		base := `{"request_methods":["SMS"],"mobile_number":"+12345678901","amount":10,"currency":"USD","fixed_amount":true}`
		create := func(number string) servertest.Reply {
			return e.Do(t, servertest.Call{Method: "POST", Path: "/v2/payment-requests", Auth: py, Body: withField(base, "merchant_phone_number", number)})
		}

		servertest.Expect(t, create(`"+14155550100"`), 402, map[string]any{"is_valid": false, "result": "failed",
			"error_field":   "merchant_phone_number",
			"error_message": "You have no SMS sender number yet. Register one in the dashboard's settings, or leave merchant_phone_number empty."})
		servertest.Expect(t, create(`null`), 200, map[string]any{"merchant_phone_number": nil})
		servertest.Expect(t, create(`""`), 200, nil)

		if err := e.Engine.SetMerchantContact(ctx, e.MerchantID, domain.MerchantContact{PhoneNumbers: "+14155550100, +442071838750"}); err != nil {
			t.Fatal(err)
		}
		servertest.Expect(t, create(`"+14155550199"`), 402, map[string]any{"is_valid": false, "result": "failed",
			"error_field":   "merchant_phone_number",
			"error_message": "+14155550199 is not one of your SMS sender numbers. Please check your configuration and/or contact your administrator."})
		ok := create(`"+1 415-555-0100"`)
		servertest.Expect(t, ok, 200, map[string]any{"merchant_phone_number": "+1 415-555-0100"})
		servertest.Expect(t, create(`"+442071838750"`), 200, nil)

		txn, _ := ok.JSON["transaction_id"].(string)
		edit := func(number string) servertest.Reply {
			return e.Do(t, servertest.Call{Method: "PUT", Path: "/v2/payment-requests", Auth: py,
				Body: withField(base, "transaction_id", `"`+txn+`"`, "merchant_phone_number", number)})
		}
		servertest.Expect(t, edit(`"+15550000000"`), 402, map[string]any{"error_field": "merchant_phone_number"})
		servertest.Expect(t, edit(`"+442071838750"`), 200, map[string]any{"merchant_phone_number": "+442071838750"})
	})
}
