package notify

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/wneessen/go-mail"
)

// DKIM is how outgoing e-mail is signed (RFC 6376): the private key (RSA or
// Ed25519, PEM: PKCS#1 or PKCS#8), and the selector and domain under which
// its public key is published in DNS (SELECTOR._domainkey.DOMAIN TXT).
type DKIM struct {
	KeyFile, Selector, Domain string
}

// Signer loads the key and returns the signer Sender.DKIM takes: relaxed
// canonicalisation of headers and body (what survives relays that refold
// headers or trim spaces), From, To, Subject, Date, Message-ID and the MIME
// headers signed, From oversigned so that no second From can be added. A
// zero DKIM signs nothing (nil, nil); one half set is an error.
func (d DKIM) Signer() (*mail.DKIMSigner, error) {
	if d == (DKIM{}) {
		return nil, nil
	}
	if d.KeyFile == "" || d.Selector == "" || d.Domain == "" {
		return nil, errors.New("DKIM needs the key file, the selector and the domain, all three")
	}
	pemBytes, err := os.ReadFile(d.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("DKIM key: %w", err)
	}
	key, err := mail.PrivKeyFromPEM(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("DKIM key %s: %w", d.KeyFile, err)
	}
	s := mail.NewDKIMSigner(strings.ToLower(d.Domain), d.Selector, key)
	s.HeaderCanonicalization(mail.CanonicalizationRelaxed)
	s.BodyCanonicalization(mail.CanonicalizationRelaxed)
	s.SignHeaders("From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type")
	s.OversignHeaders("From")
	if err := s.ValidateConfig(); err != nil {
		return nil, fmt.Errorf("DKIM: %w", err)
	}
	return s, nil
}
