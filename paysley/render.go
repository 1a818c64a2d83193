package paysley

import (
	"encoding/json"
	"time"

	"github.com/paysmart/paysmart/domain"
)

// isoTime is Paysley's timestamp: ISO 8601 in UTC with milliseconds.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func isoTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := isoTime(*t)
	return &s
}

// number renders minor units as an exact JSON number in major units
// (150012 USD → 1500.12), never through a float.
func number(minor int64, cur domain.Currency) json.Number {
	return json.Number(domain.FormatMajorTrim(minor, cur))
}

// decimalText renders minor units as a decimal string ("1500.12").
func decimalText(minor int64, cur domain.Currency) string { return domain.FormatMajorTrim(minor, cur) }
