package paysley

import (
	"net/http"
	"strconv"

	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/web"
)

// groupDetail is the group as create (Y15) and edit (Y17) answer it.
type groupDetail struct {
	Result          string `json:"result"`
	CustomerGroupID int64  `json:"customer_group_id"`
	GroupName       string `json:"group_name"`
	Description     string `json:"description"`
}

// groupItem is one element of GET /v2/customers/groups (Y16).
type groupItem struct {
	GroupID     int64  `json:"group_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	DateCreated string `json:"date_created"`
}

type groupList struct {
	listEnvelope
	Groups []groupItem `json:"customers_groups"`
}

// groupDeleted is Y18's success body; the id is a string there.
type groupDeleted struct {
	Result          string `json:"result"`
	CustomerGroupID string `json:"customer_group_id"`
}

// groupNotFound is E8, {"response_code", "message"}. The delete answers it
// with 422, as its body says (IC-P41); the edit, whose error the document
// does not show, with 404 and the same message.
func groupNotFound(status int) *apiError {
	return &apiError{status: status, body: groupNotFoundJSON{status, "customer_group_id is not found."}}
}

// groupNotFoundJSON is E8's body.
type groupNotFoundJSON struct {
	ResponseCode int    `json:"response_code"`
	Message      string `json:"message"`
}

var groupFields = map[string]string{"name": "group_name"}

// groupError renders the validation errors of the group endpoints: E3 for
// a taken name (as create shows), E3b with the field as an array otherwise
// (as edit shows for its missing id).
func groupError(err error) error {
	fe, ok := asFieldError(err, groupFields)
	if !ok {
		return err
	}
	switch {
	case fe.Code == domain.CodeConflict:
		return e3(fe.field, fe.Message)
	case fe.Code != domain.CodeInvalid:
		return err
	case fe.Reason == "parameter_missing":
		return e3b([]string{fe.field}, fe.field+" is required.")
	}
	return e3b([]string{fe.field}, fe.Message)
}

func groupInput(p *web.Params) (domain.CustomerGroupInput, error) {
	var in domain.CustomerGroupInput
	var err error
	if in.Name, err = optString(p, "group_name"); err != nil {
		return in, err
	}
	in.Description, err = optString(p, "description")
	return in, err
}

func renderGroupDetail(g domain.CustomerGroup) any { return renderGroup(g) }

func renderGroup(g domain.CustomerGroup) groupDetail {
	return groupDetail{Result: "success", CustomerGroupID: g.Number, GroupName: g.Name, Description: g.Description}
}

// createGroup is Y15, POST /v2/customers/groups.
func (h *handler) createGroup(w http.ResponseWriter, r *http.Request) error {
	return createOne(w, r, groupError, groupInput, h.Engine.CreateCustomerGroup, renderGroupDetail)
}

// editGroup is Y17, PUT /v2/customers/groups with customer_group_id in the body.
func (h *handler) editGroup(w http.ResponseWriter, r *http.Request) error {
	id := numberParam("customer_group_id", func() error { return groupError(domain.Missing("customer_group_id")) }, groupError)
	return editOne(w, r, groupError, groupNotFound(http.StatusNotFound), id, groupInput, h.Engine.UpdateCustomerGroup, renderGroupDetail)
}

// listGroups is Y16, GET /v2/customers/groups. It also takes sort (IC-P46).
func (h *handler) listGroups(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, nil, h.Engine.ListCustomerGroups, func(env listEnvelope, items []domain.CustomerGroup) any {
		return groupList{listEnvelope: env, Groups: each(items, func(g domain.CustomerGroup) groupItem {
			return groupItem{GroupID: g.Number, Name: g.Name, Description: g.Description, DateCreated: isoTime(g.Created)}
		})}
	})
}

// deleteGroup is Y18, DELETE /v2/customers/groups/{customer_group_id}. The
// group's customers stay, without a group.
func (h *handler) deleteGroup(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathNumber(r.PathValue("customer_group_id"))
	return deleteOne(w, r, groupError, groupNotFound(http.StatusUnprocessableEntity), id, ok, h.Engine.DeleteCustomerGroup,
		func(g domain.CustomerGroup) any {
			return groupDeleted{Result: "success", CustomerGroupID: strconv.FormatInt(g.Number, 10)}
		})
}
