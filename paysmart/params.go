package paysmart

import (
	"strings"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// intParam reads an integer parameter as web.Params.Int does, except that
// an empty string is refused rather than absent. Stripe reads "" as an
// attempt to unset a parameter, and no integer parameter of this dialect can
// be unset; reading it as absent turned a refund of `amount=` into a refund
// of everything that remained.
func intParam(p *web.Params, key string) (int64, bool, error) {
	if raw, ok := p.Raw(key); ok {
		if s, isStr := raw.(string); isStr && strings.TrimSpace(s) == "" {
			name := p.Name(key)
			return 0, true, domain.Invalid(name, "parameter_invalid_empty", "You passed an empty string for '%s'. "+
				"We assume empty values are an attempt to unset a parameter; however '%s' cannot be unset. "+
				"You should remove '%s' from your request or supply a non-empty value.", name, name, name)
		}
	}
	return p.Int(key)
}
