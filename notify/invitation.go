package notify

import (
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/pages"
)

// invitationVars are the variables of an invitation's e-mail. They are not
// in Variables: merchants' templates apply to invoices only, and the link
// is a credential no template should place.
func (r Renderer) invitationVars(v map[string]string, iv domain.InvitationContext, m domain.Merchant) {
	v["invitation_link"] = r.BaseURL + domain.InvitationPath(iv.Token)
	v["invited_by"] = iv.InvitedBy
	if v["invited_by"] == "" {
		v["invited_by"] = "An owner"
	}
	v["role"] = string(iv.Invitation.Role)
	v["expiry_date"] = pages.FormatDate(iv.Invitation.Expires, m)
}

// invitation is the built-in invitation e-mail.
func invitation() (subject, body string) {
	return "You are invited to the {{merchant_name}} dashboard",
		"Hello,\n\n{{invited_by}} invites you to the PaySmart dashboard of {{merchant_name}}, as {{role}}.\n\n" +
			"Choose your password here:\n{{invitation_link}}\n\n" +
			"The link works once, until {{expiry_date}}. If you did not expect this e-mail, you can ignore it: nothing happens without the link."
}
