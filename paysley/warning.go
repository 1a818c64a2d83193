package paysley

import (
	"fmt"

	"github.com/paysmart/paysmart/domain"
)

// warningJSON is one entry of the "warnings" extension: a field the server
// ignored rather than refused, where the document asks for leniency.
type warningJSON struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// warningTexts are the Paysley wording of the domain's warning reasons.
var warningTexts = map[string]string{
	domain.WarnTaxNotFound:      "%s not found: no tax was applied.",
	domain.WarnTemplateNotFound: "%s not found: the default template is used.",
	domain.WarnCustomerNotFound: "%s not found: no customer was updated.",
	domain.WarnGroupNotFound:    "%s not found: the customer is in no group.",
	domain.WarnNotAnImage:       "%s is not a PNG, JPEG, GIF or WebP image in base64: the picture was not changed.",
}

// renderWarnings renders ws with fields renamed through names; nil when
// there are none, so the field is left out of the body.
func renderWarnings(ws []domain.Warning, names map[string]string) []warningJSON {
	if len(ws) == 0 {
		return nil
	}
	out := make([]warningJSON, 0, len(ws))
	for _, w := range ws {
		field := w.Param
		if n, ok := names[field]; ok {
			field = n
		}
		text, ok := warningTexts[w.Reason]
		if !ok {
			text = "%s was ignored."
		}
		out = append(out, warningJSON{Field: field, Message: fmt.Sprintf(text, field)})
	}
	return out
}
