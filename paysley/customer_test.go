package paysley_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/server"
)

// pngImage returns a small valid PNG.
func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docCustomer is the body of the document's curl example for Y11, with the
// placeholders filled: "some base 64 string image" becomes a real image, as
// "YOUR_ACCESS_TOKEN" becomes a real key.
func docCustomer(t *testing.T) map[string]any {
	return map[string]any{
		"email":                  "john@doe.com",
		"mobile_no":              "1234567890",
		"customer_group_id":      "",
		"salutation":             "Mr.",
		"first_name":             "John",
		"last_name":              "Doe",
		"company_name":           "",
		"ein_code":               "",
		"listing_type":           "individual",
		"description":            "",
		"country_iso":            "",
		"state":                  "",
		"city":                   "",
		"postal_code":            "",
		"reference_number":       "",
		"additional_value":       map[string]any{"age": 20, "gender": "male"},
		"address_line1":          "",
		"address_line2":          "",
		"profile_picture_base64": base64.StdEncoding.EncodeToString(pngImage(t)),
	}
}

// with returns a copy of m with the given keys set (or deleted, for absent).
func with(m map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == absent {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// e3a is the exact E3a body for one field.
func e3aBody(message string, fields ...string) map[string]any {
	return map[string]any{"response_code": 422, "is_valid": false,
		"errors": []any{map[string]any{"message": message, "field": fields}}}
}

var emailTaken = map[string]any{"response_code": 422, "is_valid": false,
	"errors": []any{map[string]any{"message": "Email is already registered to an existing customer.", "field": "email"}}}

// getFile fetches a public file URL through the server, without a key.
func (a *api) getFile(method, url string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, strings.TrimPrefix(url, baseURL), nil)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec
}

func TestCreateCustomer(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		pic := pngImage(t)
		doc := docCustomer(t)
		a.run([]call{
			{name: "document example", method: "POST", path: "/v2/customers", body: doc, shape: "customer_create",
				want: map[string]any{
					"result": "success", "customer_id": 1, "customer_group_id": nil, "email": "john@doe.com",
					"mobile_no": "1234567890", "salutation": "Mr.", "first_name": "John", "last_name": "Doe",
					"company": nil, "ein_code": nil, "listing_type": "individual", "description": nil,
					"country_iso": nil, "country_name": nil, "state": nil, "city": nil, "postal_code": nil,
					"reference_number": nil, "address_line1": nil, "address_line2": nil,
					"additional_value":              map[string]any{"age": 20, "gender": "male"},
					"customer_images.0.id":          1,
					"customer_images.0.customer_id": 1,
					"customer_images.0.url":         nil,
					"customer_images.0.ext":         ".png",
					"customer_images.0.type":        "profile_picture",
					"customer_images.0.file_name":   "profile-picture-1795254738000.png",
					"customer_images.0.uploaded_at": "2026-11-21T09:52:18.000Z",
				},
				save: map[string]string{"file": "customer_images.0.file_url"}},
		})
		// The picture is served publicly, as stored.
		rec := a.getFile("GET", a.vars["file"])
		if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), pic) || rec.Header().Get("Content-Type") != "image/png" ||
			rec.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(a.vars["file"], baseURL+"/files/file_") {
			t.Fatalf("GET %s: %d %v", a.vars["file"], rec.Code, rec.Header())
		}
		if rec := a.getFile("HEAD", a.vars["file"]); rec.Code != 200 || rec.Body.Len() != 0 {
			t.Fatalf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
		}
		if rec := a.getFile("GET", baseURL+"/files/file_nope"); rec.Code != 404 {
			t.Fatalf("unknown file: %d", rec.Code)
		}

		a.run([]call{
			// Email is unique per merchant and mode, whatever its case.
			{name: "same email", method: "POST", path: "/v2/customers", body: doc, status: 422, exact: emailTaken, shape: "e3"},
			{name: "same email, other case", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "JOHN@Doe.com"), status: 422, exact: emailTaken},
			// Numbered per merchant and mode: live mode's first customer is 1 too.
			{name: "same email in live mode", key: "live", method: "POST", path: "/v2/customers", body: doc,
				want: map[string]any{"customer_id": 1}},
			{name: "same email at another merchant", key: "other", method: "POST", path: "/v2/customers", body: doc},

			// IC-P22: email or mobile_no; company_name for companies; an individual needs no name (issue 14).
			{name: "no contact", method: "POST", path: "/v2/customers", status: 422, shape: "e3a",
				body:  with(doc, "email", absent, "mobile_no", ""),
				exact: e3aBody("You must fill either email or mobile_no field.", "email", "mobile_no")},
			{name: "mobile only", method: "POST", path: "/v2/customers",
				body: with(doc, "email", absent, "mobile_no", "+15550001"), want: map[string]any{"email": "", "mobile_no": "+15550001"}},
			{name: "email only", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "solo@doe.com", "mobile_no", nil), want: map[string]any{"mobile_no": ""}},
			{name: "bad email", method: "POST", path: "/v2/customers", status: 422, shape: "e3a",
				body: with(doc, "email", "john@"), want: map[string]any{"errors.0.field": []string{"email"}}},
			{name: "individual without first name", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x1@doe.com", "first_name", ""), want: map[string]any{"first_name": ""}},
			{name: "individual with only an email", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "only@doe.com"}, want: map[string]any{"email": "only@doe.com", "listing_type": "individual"}},
			{name: "company without company name", method: "POST", path: "/v2/customers", status: 422,
				body:  with(doc, "email", "x2@doe.com", "listing_type", "company"),
				exact: e3aBody("company_name is required.", "company_name")},
			{name: "company", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "acme@doe.com", "listing_type", "Company", "first_name", absent, "company_name", "Acme"),
				want: map[string]any{"listing_type": "company", "company": "Acme"}},
			{name: "listing type unknown", method: "POST", path: "/v2/customers", status: 422,
				body: with(doc, "email", "x3@doe.com", "listing_type", "person"), want: map[string]any{"errors.0.field": []string{"listing_type"}}},
			{name: "listing type defaults to individual", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x4@doe.com", "listing_type", absent), want: map[string]any{"listing_type": "individual"}},
			{name: "unknown group", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x5@doe.com", "customer_group_id", 999), want: map[string]any{"customer_group_id": nil, "warnings.0.field": "customer_group_id", "warnings.0.message": "customer_group_id not found: the customer is in no group."}},
			{name: "group id not a number", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x6@doe.com", "customer_group_id", "K1Z2J2Zl"), want: map[string]any{"customer_group_id": nil, "warnings.0.field": "customer_group_id", "warnings.0.message": "customer_group_id not found: the customer is in no group."}},
			{name: "additional_value not an object", method: "POST", path: "/v2/customers", status: 422,
				body:  with(doc, "email", "x7@doe.com", "additional_value", []int{1, 2}),
				exact: e3aBody("additional_value must be a JSON object.", "additional_value")},
			{name: "additional_value as JSON text", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x8@doe.com", "additional_value", `{"vip": true, "n": 1.50}`),
				want: map[string]any{"additional_value": map[string]any{"vip": true, "n": rawNumber("1.50")}}},
			{name: "additional_value null", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x9@doe.com", "additional_value", nil), want: map[string]any{"additional_value": nil}},
			{name: "unknown country", method: "POST", path: "/v2/customers", status: 422,
				body: with(doc, "email", "x10@doe.com", "country_iso", "XX"), want: map[string]any{"errors.0.field": []string{"country_iso"}}},
			{name: "country", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x11@doe.com", "country_iso", "ci", "state", "Lagunes", "city", "Abidjan",
					"postal_code", "01", "address_line1", "1 Rue", "address_line2", "Apt 2", "reference_number", "R-1",
					"ein_code", "12-345", "description", "VIP"),
				want: map[string]any{"country_iso": "CI", "country_name": "Côte d'Ivoire", "state": "Lagunes", "city": "Abidjan",
					"postal_code": "01", "address_line1": "1 Rue", "address_line2": "Apt 2", "reference_number": "R-1",
					"ein_code": "12-345", "description": "VIP"}},
			{name: "no picture", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "x12@doe.com", "profile_picture_base64", absent), shape: "customer_create",
				want: map[string]any{"customer_images": []any{}}},

			// Pictures: base64 or a data: URL of a PNG, JPEG, GIF or WebP, at most 2 MiB.
			// Anything else is not stored, and the customer is saved with a warning.
			{name: "the document's placeholder is not an image", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "p1@doe.com", "profile_picture_base64", "some base 64 string image"), want: map[string]any{"customer_images": []any{}, "warnings.0.field": "profile_picture_base64", "warnings.0.message": "profile_picture_base64 is not a PNG, JPEG, GIF or WebP image in base64: the picture was not changed."}},
			{name: "base64 text is not an image", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "p2@doe.com", "profile_picture_base64", base64.StdEncoding.EncodeToString([]byte("hello, world"))),
				want: map[string]any{"customer_images": []any{}, "warnings.0.field": "profile_picture_base64", "warnings.0.message": "profile_picture_base64 is not a PNG, JPEG, GIF or WebP image in base64: the picture was not changed."}},
			{name: "SVG is not stored", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "p3@doe.com", "profile_picture_base64",
					"data:image/svg+xml;base64,"+base64.StdEncoding.EncodeToString([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))),
				want: map[string]any{"customer_images": []any{}, "warnings.0.field": "profile_picture_base64", "warnings.0.message": "profile_picture_base64 is not a PNG, JPEG, GIF or WebP image in base64: the picture was not changed."}},
			{name: "too large", method: "POST", path: "/v2/customers", status: 422,
				body: with(doc, "email", "p4@doe.com", "profile_picture_base64",
					base64.StdEncoding.EncodeToString(append(append([]byte{}, pic...), make([]byte, domain.MaxImageBytes)...))),
				exact: e3aBody("The image is larger than 2 MiB.", "profile_picture_base64")},
			{name: "data URL, unpadded URL alphabet", method: "POST", path: "/v2/customers",
				body: with(doc, "email", "p5@doe.com", "profile_picture_base64", "data:image/png;base64,"+base64.RawURLEncoding.EncodeToString(pic)),
				want: map[string]any{"customer_images.0.ext": ".png"}},

			// Bodies the decoder refuses are E2 400s.
			{name: "malformed JSON", method: "POST", path: "/v2/customers", body: rawJSON(`{"email": `), status: 400, shape: "e2",
				want: map[string]any{"error_field": ""}},
		})
	})
}

// rawNumber is a JSON number written exactly as given.
type rawNumber string

func (n rawNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

func TestCreateCustomerGroupsAndForms(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "group", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "Card"}},
			// Numbers are per merchant: the other merchant's second group is a number this one has not used.
			{name: "other merchant's first group", key: "other", method: "POST", path: "/v2/customers/groups",
				body: map[string]any{"group_name": "Theirs too"}},
			{name: "other merchant's group", key: "other", method: "POST", path: "/v2/customers/groups",
				body: map[string]any{"group_name": "Theirs"}, save: map[string]string{"theirs": "customer_group_id"}},
			{name: "group as a number", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "a@doe.com", "first_name": "A", "customer_group_id": 1},
				want: map[string]any{"customer_group_id": 1}},
			{name: "group as a numeric string", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "b@doe.com", "first_name": "B", "customer_group_id": "1"},
				want: map[string]any{"customer_group_id": 1}},
			{name: "another merchant's group", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "c@doe.com", "first_name": "C", "customer_group_id": "{theirs}"}, want: map[string]any{"customer_group_id": nil, "warnings.0.field": "customer_group_id", "warnings.0.message": "customer_group_id not found: the customer is in no group."}},
			{name: "a test group in live mode", key: "live", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "c@doe.com", "first_name": "C", "customer_group_id": 1}, want: map[string]any{"customer_group_id": nil, "warnings.0.field": "customer_group_id", "warnings.0.message": "customer_group_id not found: the customer is in no group."}},
		})
		for i, none := range []any{"", "0", 0, nil} {
			a.do(call{name: "no group", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": string(rune('d'+i)) + "@doe.com", "first_name": "D", "customer_group_id": none},
				want: map[string]any{"customer_group_id": nil}})
		}
		a.run([]call{
			{name: "form body", method: "POST", path: "/v2/customers", shape: "customer_create",
				body: form("email=form%40doe.com&mobile_no=%2B1555&first_name=Form&last_name=Body&customer_group_id=0" +
					"&country_iso=us&additional_value%5Bage%5D=20&additional_value%5Bgender%5D=male"),
				want: map[string]any{"email": "form@doe.com", "mobile_no": "+1555", "first_name": "Form", "last_name": "Body",
					"country_iso": "US", "country_name": "United States", "customer_group_id": nil,
					"additional_value": map[string]any{"age": "20", "gender": "male"}}},
			{name: "form body, additional_value as JSON text", method: "POST", path: "/v2/customers",
				body: form(`email=form2%40doe.com&first_name=F&additional_value=%7B%22age%22%3A20%7D`),
				want: map[string]any{"additional_value": map[string]any{"age": 20}}},
			{name: "form body, missing contact", method: "POST", path: "/v2/customers", status: 422,
				body: form("first_name=F"), exact: e3aBody("You must fill either email or mobile_no field.", "email", "mobile_no")},
		})
	})
}

func TestEditCustomer(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		doc := docCustomer(t)
		a.run([]call{
			{name: "create", method: "POST", path: "/v2/customers", body: doc, save: map[string]string{"file": "customer_images.0.file_url"}},
			{name: "another", method: "POST", path: "/v2/customers", body: with(doc, "email", "jane@doe.com", "first_name", "Jane")},
			{name: "group", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "Card"}},
			// The document's example, its customer_id 747 being this customer's.
			{name: "document example", method: "PUT", path: "/v2/customers", shape: "customer_edit",
				body: with(doc, "customer_id", 1, "customer_group_id", "0", "company_name", "0"),
				want: map[string]any{"result": "success", "customer_id": "1", "customer_group_id": nil, "email": "john@doe.com",
					"first_name": "John", "last_name": "Doe", "company": "0", "listing_type": "individual",
					"additional_value":              map[string]any{"age": 20, "gender": "male"},
					"customer_images.0.id":          3,
					"customer_images.0.customer_id": 1},
				save: map[string]string{"file2": "customer_images.0.file_url"}},
		})
		// The new picture replaced the old one.
		if rec := a.getFile("GET", a.vars["file"]); rec.Code != 404 {
			t.Fatalf("replaced picture: %d", rec.Code)
		}
		if rec := a.getFile("GET", a.vars["file2"]); rec.Code != 200 {
			t.Fatalf("new picture: %d", rec.Code)
		}
		a.run([]call{
			// The PHP sample sends the id as a string.
			{name: "id as a string", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": "1", "mobile_no": "+1234567890", "customer_group_id": "1"},
				want: map[string]any{"customer_id": "1", "mobile_no": "+1234567890", "customer_group_id": 1,
					"customer_images.0.id": 3, "first_name": "John"}},
			// Fields not sent are kept; fields sent as null or "" are cleared.
			{name: "partial", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "city": "Los Angeles", "state": "CA", "last_name": nil, "salutation": ""},
				want: map[string]any{"city": "Los Angeles", "state": "CA", "last_name": nil, "salutation": "", "email": "john@doe.com",
					"customer_group_id": 1, "additional_value": map[string]any{"age": 20, "gender": "male"}}},
			{name: "partial address keeps the rest", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "postal_code": "90001"},
				want: map[string]any{"city": "Los Angeles", "state": "CA", "postal_code": "90001"}},
			{name: "form body, booleans and numbers as strings", method: "PUT", path: "/v2/customers",
				body: form("customer_id=1&salutation=Mr.&customer_group_id=0"),
				want: map[string]any{"customer_id": "1", "salutation": "Mr.", "customer_group_id": nil}},

			{name: "no customer_id", method: "PUT", path: "/v2/customers", body: with(doc, "customer_id", absent), status: 422,
				shape: "e3a", exact: e3aBody("customer_id is required.", "customer_id")},
			{name: "empty customer_id", method: "PUT", path: "/v2/customers", body: map[string]any{"customer_id": ""}, status: 422,
				exact: e3aBody("customer_id is required.", "customer_id")},
			{name: "unknown customer_id", method: "PUT", path: "/v2/customers", body: map[string]any{"customer_id": 999},
				status: 404, shape: "e6", exact: map[string]any{"message": "customer_id is not found."}},
			{name: "customer_id 0", method: "PUT", path: "/v2/customers", body: map[string]any{"customer_id": 0},
				status: 404, exact: map[string]any{"message": "customer_id is not found."}},
			{name: "another merchant's customer", key: "other", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "city": "X"}, status: 404, exact: map[string]any{"message": "customer_id is not found."}},
			{name: "a test customer in live mode", key: "live", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "city": "X"}, status: 404, exact: map[string]any{"message": "customer_id is not found."}},

			{name: "email of another customer", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "email": "Jane@doe.com"}, status: 422, exact: emailTaken},
			{name: "own email in another case", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "email": "John@Doe.com"}, want: map[string]any{"email": "John@Doe.com"}},
			{name: "clearing every contact", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "email": "", "mobile_no": nil}, status: 422,
				exact: e3aBody("You must fill either email or mobile_no field.", "email", "mobile_no")},
			{name: "company without a company name", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "listing_type": "company", "company_name": ""}, status: 422,
				exact: e3aBody("company_name is required.", "company_name")},
			{name: "unknown group", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 1, "customer_group_id": 42}, want: map[string]any{"customer_group_id": nil, "warnings.0.field": "customer_group_id", "warnings.0.message": "customer_group_id not found: the customer is in no group."}},

			{name: "delete", method: "DELETE", path: "/v2/customers/2"},
			{name: "edit a deleted customer", method: "PUT", path: "/v2/customers",
				body: map[string]any{"customer_id": 2, "city": "X"}, status: 404, exact: map[string]any{"message": "customer_id is not found."}},
		})
	})
}

var customerNotFound = map[string]any{"status_code": 404, "is_valid": false, "result": "error", "message": "customer not found!"}

func TestDeleteCustomer(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		doc := docCustomer(t)
		a.run([]call{
			{name: "create", method: "POST", path: "/v2/customers", body: doc, save: map[string]string{"file": "customer_images.0.file_url"}},
			{name: "keep", method: "POST", path: "/v2/customers", body: with(doc, "email", "keep@doe.com")},
			{name: "another merchant's", key: "other", method: "DELETE", path: "/v2/customers/1", status: 404, exact: customerNotFound},
			{name: "live mode", key: "live", method: "DELETE", path: "/v2/customers/1", status: 404, exact: customerNotFound},
			{name: "delete", method: "DELETE", path: "/v2/customers/1", shape: "customer_delete",
				exact: map[string]any{"code": 200, "is_valid": true, "result": "success", "message": "Delete customer success!", "data": nil}},
			{name: "delete again", method: "DELETE", path: "/v2/customers/1", status: 404, shape: "e7", exact: customerNotFound},
			{name: "unknown", method: "DELETE", path: "/v2/customers/999", status: 404, exact: customerNotFound},
			{name: "not a number", method: "DELETE", path: "/v2/customers/abc", status: 404, exact: customerNotFound},
			{name: "list", path: "/v2/customers", want: map[string]any{"total_count": 1, "customers.0.customer_id": 2}},
			// The email is free again.
			{name: "reuse the email", method: "POST", path: "/v2/customers", body: doc, want: map[string]any{"customer_id": 3}},
		})
		if rec := a.getFile("GET", a.vars["file"]); rec.Code != 404 {
			t.Fatalf("picture of a deleted customer: %d", rec.Code)
		}
	})
}

func TestListCustomers(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		for _, c := range []map[string]any{
			{"email": "one@doe.com", "first_name": "50% off", "country_iso": "US"},
			{"email": "two@doe.com", "first_name": "Two", "last_name": "under_score"},
			{"mobile_no": "+1555", "listing_type": "company", "company_name": "O'Brien & Sons"},
			{"email": "four@doe.com", "first_name": "Four", "last_name": `back\slash`, "additional_value": map[string]any{"vip": true}},
		} {
			a.do(call{name: "create", method: "POST", path: "/v2/customers", body: c})
		}
		a.run([]call{
			// A customer made through the PaySmart API is the same customer.
			{name: "PaySmart customer", key: "sk", method: "POST", path: "/v2/customers",
				body: map[string]any{"email": "jenny@rosen.example", "name": "Jenny Rosen"}},
			{name: "document example", path: "/v2/customers?page=1&limit=10", shape: "customer_list",
				want: map[string]any{"result": "success", "limit": 10, "page": 1, "page_count": 1, "total_count": 5,
					"customers.0.customer_id": 5, "customers.0.first_name": "Jenny Rosen", "customers.0.listing_type": "individual",
					"customers.1.additional_value": map[string]any{"vip": true}, "customers.1.customer_images": absent,
					"customers.4.country_iso": "US", "customers.4.country_name": "United States", "customers.4.group_id": nil}},
			{name: "ascending", path: "/v2/customers?sort=ASC", want: map[string]any{"customers.0.customer_id": 1}},
			{name: "descending", path: "/v2/customers?sort=desc", want: map[string]any{"customers.0.customer_id": 5}},
			{name: "bad sort", path: "/v2/customers?sort=up", status: 400, shape: "e2", want: map[string]any{"error_field": "sort"}},

			{name: "limit 0 is the default", path: "/v2/customers?limit=0", want: map[string]any{"limit": 10, "page_count": 1}},
			{name: "limit 1000 is clamped", path: "/v2/customers?limit=1000", want: map[string]any{"limit": 100}},
			{name: "page beyond the end", path: "/v2/customers?page=99&limit=2",
				want: map[string]any{"page": 99, "limit": 2, "page_count": 3, "total_count": 5, "customers": []any{}}},
			{name: "page 0 is the first", path: "/v2/customers?page=0&limit=2", want: map[string]any{"page": 1, "customers.0.customer_id": 5}},
			{name: "last page", path: "/v2/customers?page=3&limit=2",
				want: map[string]any{"page_count": 3, "customers.0.customer_id": 1, "customers.1": absent}},
			{name: "page as a bad number", path: "/v2/customers?page=x", status: 400, shape: "e2"},

			// Keywords match literally, whatever SQL makes of them.
			{name: "keyword %", path: "/v2/customers?keywords=%25", want: map[string]any{"total_count": 1, "customers.0.customer_id": 1}},
			{name: "keyword _", path: "/v2/customers?keywords=_", want: map[string]any{"total_count": 1, "customers.0.customer_id": 2}},
			{name: "keyword '", path: "/v2/customers?keywords=%27", want: map[string]any{"total_count": 1, "customers.0.customer_id": 3}},
			{name: `keyword \`, path: "/v2/customers?keywords=%5C", want: map[string]any{"total_count": 1, "customers.0.customer_id": 4}},
			{name: "keyword company", path: "/v2/customers?keywords=o%27brien", want: map[string]any{"total_count": 1}},
			{name: "keyword mobile", path: "/v2/customers?keywords=%2B155", want: map[string]any{"total_count": 1}},
			{name: "keyword email", path: "/v2/customers?keywords=DOE.COM", want: map[string]any{"total_count": 3}},
			{name: "keyword nothing", path: "/v2/customers?keywords=zzz", want: map[string]any{"total_count": 0, "page_count": 0, "customers": []any{}}},

			{name: "live mode sees no test customers", key: "live", path: "/v2/customers", want: map[string]any{"total_count": 0}},
			{name: "another merchant sees none", key: "other", path: "/v2/customers", want: map[string]any{"total_count": 0}},
		})
	})
}

// TestCustomerRoutes checks that the literal "groups" segment never reaches
// the {customer_id} routes, and the other way round.
func TestCustomerRoutes(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		a.run([]call{
			{name: "group", method: "POST", path: "/v2/customers/groups", body: map[string]any{"group_name": "G"}, shape: "group_detail"},
			{name: "customer", method: "POST", path: "/v2/customers", body: map[string]any{"email": "a@b.example", "first_name": "A"}, shape: "customer_create"},
			{name: "group list", path: "/v2/customers/groups", shape: "group_list"},
			{name: "group list, trailing slash", path: "/v2/customers/groups/", shape: "group_list"},
			{name: "customer list", path: "/v2/customers/", shape: "customer_list"},
			{name: "edit group", method: "PUT", path: "/v2/customers/groups", body: map[string]any{"customer_group_id": 1, "group_name": "H"}, shape: "group_detail"},
			{name: "edit customer", method: "PUT", path: "/v2/customers", body: map[string]any{"customer_id": 1, "city": "X"}, shape: "customer_edit"},
			{name: "DELETE groups without an id is a customer delete", method: "DELETE", path: "/v2/customers/groups", status: 404, exact: customerNotFound},
			{name: "delete group", method: "DELETE", path: "/v2/customers/groups/1", shape: "group_delete"},
			{name: "delete customer", method: "DELETE", path: "/v2/customers/1", shape: "customer_delete"},
			{name: "no such route", method: "PATCH", path: "/v2/customers", status: 405, exact: map[string]any{"message": "Method Not Allowed"}},
		})
	})
}

// TestFilesNeedNoKey checks that a picture URL works without credentials,
// since e-mails and pages embed it.
func TestFilesNeedNoKey(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		body := a.do(call{name: "create", method: "POST", path: "/v2/customers", body: docCustomer(t)})
		url := body["customer_images"].([]any)[0].(map[string]any)["file_url"].(string)
		req := httptest.NewRequest("GET", strings.TrimPrefix(url, baseURL), nil)
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		b, _ := io.ReadAll(rec.Body)
		if rec.Code != http.StatusOK || !bytes.HasPrefix(b, []byte("\x89PNG")) ||
			rec.Header().Get("Cache-Control") == "" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Fatalf("GET %s: %d %v", url, rec.Code, rec.Header())
		}
	})
}

// TestPictureOverBodyLimit shows what a picture meets first with the
// server's default 1 MiB body limit: base64 makes a 2 MiB image 2.7 MiB, so
// the body limit answers, in Paysley's shape, before the image limit would.
func TestPictureOverBodyLimit(t *testing.T) {
	t.Parallel()
	forEachAPI(t, func(t *testing.T, a *api) {
		h := server.New(server.Config{Engine: a.e, BaseURL: baseURL})
		pic := append(pngImage(t), make([]byte, 3200<<10)...) // over 4 MiB in base64
		body, _ := json.Marshal(map[string]any{"email": "big@doe.com", "first_name": "B",
			"profile_picture_base64": base64.StdEncoding.EncodeToString(pic)})
		req := httptest.NewRequest("POST", "/v2/customers", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+a.keys["test"])
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		checkShape(t, "too large", "e2", decode(t, rec.Body.Bytes()))
	})
}
