package taurusdbhtap

// Text that came from the service is untrusted: before it reaches an error message (and so a
// terminal or a log) control characters are made visible and every secret the client holds or
// computed is masked. Like gh, which cleans API text before printing it.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Masked is what a secret is replaced with in every message.
const Masked = "***"

// signatureValue matches a signature as this client's signer writes it (and as a server may
// echo it back): the hex after "Signature=".
var signatureValue = regexp.MustCompile(`(?i)(signature=)[0-9a-f]{16,}`)

// CleanText makes control characters visible so that text from the service cannot move the
// cursor, rewrite the screen or a window title: C0 (tab and newline included, error lines are
// one line), DEL, C1, and the Unicode bidi overrides and isolates become \x1b-style escapes.
// The rest is kept as sent, so nothing is lost.
func CleanText(text string) string {
	var out strings.Builder
	for _, r := range text {
		switch {
		case r == 0xFFFD:
			out.WriteRune(r)
		case r < 0x20 || r == 0x7F:
			fmt.Fprintf(&out, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&out, `\u%04x`, r)
		default:
			out.WriteRune(r)
		}
	}
	return out.String()
}

// keptSignatures is how many of the newest request signatures a client remembers: a server
// echoes the one of the request it answers, bare or after "Signature=".
const keptSignatures = 64

// redactor masks the secrets one client holds (its token, its secret key, its security token),
// the signatures it computed (remembered as each request is signed, because they exist only
// then) and anything shaped like "Signature=<hex>". Safe for concurrent use; nil masks only
// the shapes.
type redactor struct {
	fixed  []string
	mu     sync.Mutex
	recent []string
}

func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	for _, secret := range secrets {
		if len(secret) >= 4 { // shorter ones would mask ordinary words
			r.fixed = append(r.fixed, secret)
		}
	}
	return r
}

// remember adds a secret obtained at run time (a request's signature).
func (r *redactor) remember(secret string) {
	if r == nil || len(secret) < 16 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recent = append(r.recent, secret)
	if len(r.recent) > keptSignatures {
		r.recent = r.recent[len(r.recent)-keptSignatures:]
	}
}

// clean is CleanText of the text with every secret masked.
func (r *redactor) clean(text string) string {
	if r != nil {
		r.mu.Lock()
		secrets := append(append([]string(nil), r.fixed...), r.recent...)
		r.mu.Unlock()
		for _, secret := range secrets {
			text = strings.ReplaceAll(text, secret, Masked)
		}
	}
	return CleanText(signatureValue.ReplaceAllString(text, "${1}"+Masked))
}

// rememberSignatures is a request editor, run after the signer, that hands the signature it
// wrote to the redactor, so an echo of it (even bare) is masked in every message.
func (r *redactor) rememberSignatures(_ context.Context, req *http.Request) error {
	if found := signatureValue.FindStringSubmatch(req.Header.Get("Authorization")); found != nil {
		r.remember(found[0][len(found[1]):])
	}
	return nil
}

// MaskKey shows an access key as every surface of the project does: its first four and last
// two characters.
func MaskKey(accessKey string) string {
	if len(accessKey) > 8 {
		return accessKey[:4] + "…" + accessKey[len(accessKey)-2:]
	}
	return "****"
}

// MaskURL shows a URL with any user:password@ as ***@ and every query value masked (a
// pre-signed URL or a redirect target may carry a token there).
func MaskURL(raw string) string {
	parsed, err := url.Parse(raw)
	if err != nil {
		return Masked
	}
	hadUser := parsed.User != nil
	parsed.User = nil
	if parsed.RawQuery != "" {
		query := parsed.Query()
		for key := range query {
			query[key] = []string{Masked}
		}
		parsed.RawQuery = query.Encode()
	}
	text := strings.ReplaceAll(parsed.String(), url.QueryEscape(Masked), Masked)
	if hadUser {
		text = strings.Replace(text, "//", "//"+Masked+"@", 1)
	}
	return CleanText(strings.ReplaceAll(text, url.PathEscape(Masked), Masked))
}
