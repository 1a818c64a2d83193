package notify

import (
	"errors"
	"strings"
	"unicode/utf16"

	"github.com/nyaruka/phonenumbers"
)

// The encodings an SMS is sent in.
const (
	GSM7 = "gsm7" // the GSM 03.38 alphabet: 160 characters in one part, 153 per part when split
	UCS2 = "ucs2" // anything else: 70 UTF-16 units in one part, 67 per part when split
)

// gsmBasic is the GSM 03.38 default alphabet; gsmExtended the characters of
// its extension table, which take two septets (an escape and the character).
const (
	gsmBasic    = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€\f"
)

// Segments says how an SMS text is encoded and how many parts carriers
// split (and bill) it into: GSM-7 when every character is in the GSM
// alphabet (extension characters count twice), UCS-2 otherwise. A split
// message loses room to the concatenation header (153 septets or 67 UTF-16
// units per part), and a part never ends inside an escape sequence or a
// surrogate pair.
func Segments(text string) (encoding string, segments int) {
	if text == "" {
		return GSM7, 0
	}
	gsm := true
	for _, r := range text {
		if !strings.ContainsRune(gsmBasic, r) && !strings.ContainsRune(gsmExtended, r) {
			gsm = false
			break
		}
	}
	if gsm {
		units := make([]int, 0, len(text)) // septets per character
		total := 0
		for _, r := range text {
			n := 1
			if strings.ContainsRune(gsmExtended, r) {
				n = 2
			}
			units = append(units, n)
			total += n
		}
		return GSM7, parts(units, total, 160, 153)
	}
	units := make([]int, 0, len(text)) // UTF-16 code units per character
	total := 0
	for _, r := range text {
		n := len(utf16.Encode([]rune{r}))
		units = append(units, n)
		total += n
	}
	return UCS2, parts(units, total, 70, 67)
}

// parts packs characters of the given sizes into parts of at most per
// units, keeping each character whole; single is the room of an unsplit one.
func parts(units []int, total, single, per int) int {
	if total <= single {
		return 1
	}
	n, used := 1, 0
	for _, u := range units {
		if used+u > per {
			n, used = n+1, 0
		}
		used += u
	}
	return n
}

// errPhone is the reason a number cannot be sent to.
var errPhone = errors.New("the mobile number is not a valid international (E.164) phone number")

// E164 parses a phone number written in international format (with its
// country code, as Paysley's mobile_number is) and returns it as E.164
// ("+12015550123") with its region ("US").
func E164(number string) (e164, region string, err error) {
	n := strings.TrimSpace(number)
	if !strings.HasPrefix(n, "+") {
		n = "+" + n
	}
	pn, err := phonenumbers.Parse(n, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(pn) {
		return "", "", errPhone
	}
	return phonenumbers.Format(pn, phonenumbers.E164), phonenumbers.GetRegionCodeForNumber(pn), nil
}

// mmsRegions are where carriers take MMS (Paysley: "Only available for USA
// and Canada mobile carriers").
var mmsRegions = map[string]bool{"US": true, "CA": true}
