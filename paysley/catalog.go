package paysley

import (
	"context"
	"net/http"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// The catalog resources (customer groups, products and services, categories,
// and the tax profile and template extensions) answer create, edit, list,
// get and delete the same way; what differs between them is data: how a
// resource reads its fields, words its errors (fail) and renders its
// objects, and which body says an id names nothing (notFound). These steps
// are that shared way; each resource's file holds only its data.

// createOne answers a create: the body read by input, the engine's create,
// the object rendered.
func createOne[In, T any](w http.ResponseWriter, r *http.Request, fail func(error) error,
	input func(*web.Params) (In, error), create func(context.Context, domain.Scope, In) (T, error), render func(T) any) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	in, err := input(p)
	if err != nil {
		return fail(err)
	}
	x, err := create(r.Context(), scope(r), in)
	if err != nil {
		return fail(err)
	}
	web.WriteJSON(w, http.StatusOK, render(x))
	return nil
}

// editOne answers an edit, a PUT with the id in the body: id reads it and
// answers the resource's own error when it is missing or malformed, and
// notFound answers an id that names nothing.
func editOne[ID, In, T any](w http.ResponseWriter, r *http.Request, fail func(error) error, notFound error,
	id func(*web.Params) (ID, error), input func(*web.Params) (In, error),
	update func(context.Context, domain.Scope, ID, In) (T, error), render func(T) any) error {
	p, err := web.Body(r)
	if err != nil {
		return err
	}
	key, err := id(p)
	if err != nil {
		return err
	}
	in, err := input(p)
	if err != nil {
		return fail(err)
	}
	x, err := update(r.Context(), scope(r), key, in)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return notFound
	}
	if err != nil {
		return fail(err)
	}
	web.WriteJSON(w, http.StatusOK, render(x))
	return nil
}

// listAll answers a numbered-page list: page and limit, then the
// resource's own filters (nil for none), rendered with the envelope.
func listAll[T any](w http.ResponseWriter, r *http.Request, filter func(*web.Params, *domain.ListParams) error,
	list func(context.Context, domain.Scope, domain.ListParams) (domain.Page[T], error),
	render func(listEnvelope, []T) any) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	lp, err := pageParams(q)
	if err != nil {
		return err
	}
	if filter != nil {
		if err := filter(q, &lp); err != nil {
			return err
		}
	}
	page, err := list(r.Context(), scope(r), lp)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, render(newEnvelope(lp, page.Total), page.Items))
	return nil
}

// typeFilter is a list filter on one parameter (stored as ListParams.Type)
// that takes only the allowed values.
func typeFilter(key string, allowed ...string) func(*web.Params, *domain.ListParams) error {
	return func(q *web.Params, lp *domain.ListParams) (err error) {
		lp.Type, err = filterParam(q, key, allowed...)
		return err
	}
}

// each renders every item of a list with f; an empty list is [], not null.
func each[T, J any](items []T, f func(T) J) []J {
	out := make([]J, 0, len(items))
	for _, x := range items {
		out = append(out, f(x))
	}
	return out
}

// getOne answers GET of one object by the number in the path value key:
// notFound for an id that is not a positive number or names nothing in the
// key's scope, the rendered object otherwise.
func getOne[T any](w http.ResponseWriter, r *http.Request, key string, notFound error,
	get func(context.Context, domain.Scope, int64) (T, error), render func(T) (any, error)) error {
	id, ok := pathNumber(r.PathValue(key))
	if !ok {
		return notFound
	}
	x, err := get(r.Context(), scope(r), id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return notFound
	}
	if err != nil {
		return err
	}
	body, err := render(x)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

// deleteOne answers a delete of the object the path names (ok false: the id
// is malformed, so it names nothing either).
func deleteOne[ID, T any](w http.ResponseWriter, r *http.Request, fail func(error) error, notFound error,
	id ID, ok bool, del func(context.Context, domain.Scope, ID) (T, error), render func(T) any) error {
	if !ok {
		return notFound
	}
	x, err := del(r.Context(), scope(r), id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return notFound
	}
	if err != nil {
		return fail(err)
	}
	web.WriteJSON(w, http.StatusOK, render(x))
	return nil
}

// numberParam reads a numeric id from the body; missing and bad are the
// resource's answers for an absent id and for one that is not a number.
func numberParam(key string, missing func() error, bad func(error) error) func(*web.Params) (int64, error) {
	return func(p *web.Params) (int64, error) {
		n, ok, err := p.Int(key)
		if err != nil {
			return 0, bad(err)
		}
		if !ok {
			return 0, missing()
		}
		return n, nil
	}
}

// stringParam reads a string id from the body; a missing or empty one is
// the resource's missing answer.
func stringParam(key string, missing func() error, bad func(error) error) func(*web.Params) (string, error) {
	return func(p *web.Params) (string, error) {
		s, _, err := p.Str(key)
		if err != nil {
			return "", bad(err)
		}
		if s == "" {
			return "", missing()
		}
		return s, nil
	}
}
