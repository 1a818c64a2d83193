package paysmart

import (
	"time"
)

// listJSON is Stripe's list envelope.
type listJSON[T any] struct {
	Object  string `json:"object"`
	Data    []T    `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

func newList[T any](url string, items []T, hasMore bool) listJSON[T] {
	if items == nil {
		items = []T{}
	}
	return listJSON[T]{Object: "list", Data: items, HasMore: hasMore, URL: url}
}

// nullable renders "" as JSON null, as Stripe shows unset fields.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func unix(t time.Time) int64 { return t.Unix() }

func metadataJSON(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
