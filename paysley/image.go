package paysley

import (
	"encoding/base64"
	"strings"

	"github.com/paysmart/paysmart/domain"
)

// decodeImage reads a base64 image field: bare base64 (standard or URL
// alphabet, padded or not, line breaks allowed) or a data: URL such as
// "data:image/png;base64,iVBOR...". Whatever the data: URL declares, the
// engine decides the type from the bytes. Errors name param, the domain's
// name for the field.
func decodeImage(s, param string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
		meta, data, ok := strings.Cut(s[5:], ",")
		if !ok || !strings.HasSuffix(strings.ToLower(meta), ";base64") {
			return nil, domain.Invalid(param, "image_invalid", "A data: URL image must be base64-encoded (data:image/png;base64,...).")
		}
		s = data
	}
	if len(s) > base64.StdEncoding.EncodedLen(domain.MaxImageBytes)+len(s)/76*2+4 {
		return nil, domain.Invalid(param, "image_too_large", "The image is larger than %d MiB.", domain.MaxImageBytes>>20)
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, domain.Invalid(param, "image_invalid", "The image must be base64-encoded, or a data: URL.")
}
