package domain

import (
	"bytes"
	"context"
	"strconv"
	"time"
)

// File is a stored upload, such as a customer's profile picture. Files are
// served publicly at /files/{ID}: the ID is unguessable, so knowing it is the
// permission to read the file, as with a payment link.
type File struct {
	ID          string // "file_" + 24 base62 characters
	Number      int64  // per-database sequence; Paysley shows it as customer_images[].id
	MerchantID  string
	Livemode    bool
	Name        string // shown to API callers, e.g. "profile-picture-1700000000000.png"
	ContentType string // one of the image types SniffImage recognises
	Size        int64
	Data        []byte // nil when the file was read without its bytes
	Created     time.Time
}

// Ext returns the file name extension of the file's type, e.g. ".png".
func (f File) Ext() string { return imageExt[f.ContentType] }

// MaxImageBytes is the largest image PaySmart stores, once decoded. Requests
// are also bound by the server's body limit, which base64 inflates by 4/3.
const MaxImageBytes = 2 << 20

var imageExt = map[string]string{
	"image/png":  ".png",
	"image/jpeg": ".jpg",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

// SniffImage returns the content type of b when its first bytes are those of
// a PNG, JPEG, GIF or WebP image, and false for anything else. The check is
// on content, never on a name or a declared type, and deliberately admits no
// SVG or other format that a browser could run as a document.
func SniffImage(b []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "image/jpeg", true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif", true
	case len(b) >= 12 && bytes.HasPrefix(b, []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return "image/webp", true
	}
	return "", false
}

// newImage checks an uploaded image and returns it as a File of scope s,
// named prefix-<unix ms><ext>. Errors: CodeInvalid (param).
func newImage(s Scope, data []byte, param, prefix string, now time.Time) (File, error) {
	if len(data) == 0 {
		return File{}, Invalid(param, "image_invalid", "The image is empty.")
	}
	if len(data) > MaxImageBytes {
		return File{}, Invalid(param, "image_too_large", "The image is larger than %d MiB.", MaxImageBytes>>20)
	}
	ct, ok := SniffImage(data)
	if !ok {
		return File{}, Invalid(param, "image_invalid", "The image must be a PNG, JPEG, GIF or WebP file.")
	}
	f := File{ID: NewID("file"), MerchantID: s.MerchantID, Livemode: s.Livemode, ContentType: ct,
		Size: int64(len(data)), Data: data, Created: now}
	f.Name = prefix + "-" + strconv.FormatInt(now.UnixMilli(), 10) + f.Ext()
	return f, nil
}

// GetFile returns a stored file with its bytes, whoever asks: files are
// public to anyone holding their id. Errors: CodeNotFound.
func (e *Engine) GetFile(ctx context.Context, id string) (File, error) {
	var f File
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { f, err = tx.GetFile(ctx, id, true); return err })
	return f, err
}

// CustomerImages returns the images of a customer, without their bytes: its
// profile picture, if it has one.
func (e *Engine) CustomerImages(ctx context.Context, s Scope, c Customer) ([]File, error) {
	if c.ProfileImage == "" {
		return nil, nil
	}
	var f File
	err := e.Store.Read(ctx, func(tx ReadTx) (err error) { f, err = tx.GetFile(ctx, c.ProfileImage, false); return err })
	if err != nil {
		return nil, err
	}
	if f.MerchantID != s.MerchantID || f.Livemode != s.Livemode {
		return nil, nil
	}
	return []File{f}, nil
}
