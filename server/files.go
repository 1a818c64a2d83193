package server

import (
	"bytes"
	"log/slog"
	"mime"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/paysmart"
)

// files serves stored files (customer profile pictures) at GET /files/{id},
// without authentication: ids are unguessable, so holding one is the
// permission to read the file, and the Paysley API hands these URLs out as
// customer_images[].file_url. A file never changes under its id (a new
// picture gets a new id), so it may be cached for good. Only images that
// sniffed as PNG, JPEG, GIF or WebP are ever stored, and nosniff plus a
// sandboxing CSP keep a browser from treating one as anything else.
func files(e *domain.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := e.GetFile(r.Context(), r.PathValue("id"))
		if domain.ErrorCode(err) == domain.CodeNotFound {
			paysmart.WriteError(w, r, log, unrecognized(r))
			return
		}
		if err != nil {
			paysmart.WriteError(w, r, log, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
		h.Set("ETag", `"`+f.ID+`"`)
		http.ServeContent(w, r, f.Name, f.Created, bytes.NewReader(f.Data))
	})
}
