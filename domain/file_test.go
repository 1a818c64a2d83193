package domain

import "testing"

func TestSniffImage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"png", "\x89PNG\r\n\x1a\n\x00\x00", "image/png"},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"},
		{"gif87", "GIF87a\x01\x00", "image/gif"},
		{"gif89", "GIF89a\x01\x00", "image/gif"},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"},
		{"wav is RIFF but not WebP", "RIFF\x24\x00\x00\x00WAVEfmt ", ""},
		{"short RIFF", "RIFF\x24\x00", ""},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"></svg>`, ""},
		{"html", "<!DOCTYPE html><html>", ""},
		{"pdf", "%PDF-1.7", ""},
		{"bmp", "BM\x3e\x00", ""},
		{"truncated png", "\x89PNG\r\n", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		got, ok := SniffImage([]byte(tt.in))
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: SniffImage = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}
