package taurusdbhtap

// SDK-HMAC-SHA256, the API gateway's AK/SK request signing (api-facts section 4): pure
// functions plus an oapi-codegen request editor. The steps are those of the vendor SDK's
// signer; tests/vectors/signing.json (computed by that signer) holds this file to its answers.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// Algorithm names the signing scheme in the Authorization header.
	Algorithm = "SDK-HMAC-SHA256"
	// DateHeader carries the signing time; the gateway rejects clocks 15 minutes off.
	DateHeader = "X-Sdk-Date"
	dateFormat = "20060102T150405Z"
)

// unsigned headers are transport headers a proxy may rewrite.
var unsigned = map[string]bool{
	"authorization": true, "connection": true, "keep-alive": true, "te": true, "upgrade": true,
	"transfer-encoding": true, "content-length": true, "accept-encoding": true,
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unquote percent-decodes like Python's urllib.parse.unquote: invalid escapes stay as they
// are and invalid UTF-8 becomes U+FFFD (url.PathUnescape would fail on both).
func unquote(text string) string {
	var out bytes.Buffer
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+2 < len(text) {
			hi, ok1 := unhex(text[i+1])
			lo, ok2 := unhex(text[i+2])
			if ok1 && ok2 {
				out.WriteByte(hi<<4 | lo)
				i += 2
				continue
			}
		}
		out.WriteByte(text[i])
	}
	return replaceInvalidUTF8(out.Bytes())
}

// replaceInvalidUTF8 puts one U+FFFD for each maximal invalid subpart, as Python's
// errors="replace" and JavaScript's TextDecoder do (strings.ToValidUTF8 merges whole runs).
func replaceInvalidUTF8(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			out.WriteRune(utf8.RuneError)
			b = b[maximalSubpart(b):]
			continue
		}
		out.WriteRune(r)
		b = b[size:]
	}
	return out.String()
}

// maximalSubpart is the length of the invalid sequence at b[0] (Unicode's "maximal subpart").
func maximalSubpart(b []byte) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) {
		if x := b[n]; x < lo || x > hi {
			break
		}
		n, lo, hi = n+1, 0x80, 0xBF
	}
	return n
}

// encode percent-encodes every byte but the unreserved characters A-Z a-z 0-9 - _ . ~.
func encode(text string) string {
	var out strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String()
}

// CanonicalURI decodes the wire path, re-encodes each segment and ends it with "/".
func CanonicalURI(path string) string {
	segments := strings.Split(unquote(path), "/")
	for i, segment := range segments {
		segments[i] = encode(segment)
	}
	joined := strings.Join(segments, "/")
	if !strings.HasSuffix(joined, "/") {
		joined += "/"
	}
	return joined
}

// QueryPair is one decoded query parameter.
type QueryPair struct{ Key, Value string }

// CanonicalQuery sorts the decoded pairs by key then value (byte order is code-point order),
// encodes them and joins them with "&".
func CanonicalQuery(pairs []QueryPair) string {
	sorted := append([]QueryPair(nil), pairs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Key != sorted[j].Key {
			return sorted[i].Key < sorted[j].Key
		}
		return sorted[i].Value < sorted[j].Value
	})
	parts := make([]string, len(sorted))
	for i, pair := range sorted {
		parts[i] = encode(pair.Key) + "=" + encode(pair.Value)
	}
	return strings.Join(parts, "&")
}

// SignedHeaderNames is every header name lower-cased and sorted, except those containing "_".
func SignedHeaderNames(headers map[string]string) []string {
	seen := map[string]bool{}
	var names []string
	for name := range headers {
		lowered := strings.ToLower(name)
		if !strings.Contains(lowered, "_") && !seen[lowered] {
			seen[lowered] = true
			names = append(names, lowered)
		}
	}
	sort.Strings(names)
	return names
}

// SigningInput is a request as signed; Headers are keyed by lower-case name.
type SigningInput struct {
	Method  string
	Path    string
	Query   []QueryPair
	Headers map[string]string
	Body    []byte
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// CanonicalRequest is the text whose hash the signature covers.
func CanonicalRequest(in SigningInput, signed []string) string {
	var headers strings.Builder
	for _, name := range signed {
		headers.WriteString(name + ":" + strings.TrimSpace(in.Headers[name]) + "\n")
	}
	return strings.Join([]string{
		strings.ToUpper(in.Method), CanonicalURI(in.Path), CanonicalQuery(in.Query),
		headers.String(), strings.Join(signed, ";"), sha256Hex(in.Body),
	}, "\n")
}

// StringToSign is the text the HMAC is computed over.
func StringToSign(canonical, sdkDate string) string {
	return Algorithm + "\n" + sdkDate + "\n" + sha256Hex([]byte(canonical))
}

// Authorization is the header value for a request whose headers already hold host and x-sdk-date.
func Authorization(accessKey, secretKey string, in SigningInput) string {
	lowered := make(map[string]string, len(in.Headers))
	for name, value := range in.Headers {
		lowered[strings.ToLower(name)] = value
	}
	in.Headers = lowered
	signed := SignedHeaderNames(lowered)
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(StringToSign(CanonicalRequest(in, signed), lowered["x-sdk-date"])))
	return fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		Algorithm, accessKey, strings.Join(signed, ";"), hex.EncodeToString(mac.Sum(nil)))
}

// AccessKey is a key pair, with a security token when temporary. Its String never shows the
// secret parts.
type AccessKey struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
}

// String shows the key as every surface does (MaskKey), never the secret.
func (k AccessKey) String() string {
	return "AccessKey{" + MaskKey(k.AccessKey) + ", secret=" + Masked + "}"
}

// GoString keeps %#v from printing the secret too.
func (k AccessKey) GoString() string { return k.String() }

// Sign adds X-Sdk-Date (unless present, so a caller can pin it), X-Security-Token for
// temporary keys, then Authorization over every header but the transport ones, plus Host.
func (k AccessKey) Sign(req *http.Request, now time.Time) error {
	if req.Header.Get(DateHeader) == "" {
		req.Header.Set(DateHeader, now.UTC().Format(dateFormat))
	}
	if k.SecurityToken != "" {
		req.Header.Set("X-Security-Token", k.SecurityToken)
	}
	req.Header.Del("Authorization")
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	headers := map[string]string{"host": host}
	for name, values := range req.Header {
		if lowered := strings.ToLower(name); !unsigned[lowered] && len(values) > 0 {
			headers[lowered] = values[0]
		}
	}
	var body []byte
	if req.GetBody != nil {
		reader, err := req.GetBody()
		if err != nil {
			return err
		}
		if body, err = io.ReadAll(reader); err != nil {
			return err
		}
	}
	var query []QueryPair
	for key, values := range req.URL.Query() {
		for _, value := range values {
			query = append(query, QueryPair{key, value})
		}
	}
	in := SigningInput{Method: req.Method, Path: req.URL.EscapedPath(), Query: query, Headers: headers, Body: body}
	req.Header.Set("Authorization", Authorization(k.AccessKey, k.SecretKey, in))
	return nil
}

// WithAccessKey signs every request of the generated client with the key pair.
func WithAccessKey(key AccessKey) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		return key.Sign(req, time.Now())
	})
}

// WithToken sends an IAM token as X-Auth-Token on every request of the generated client.
func WithToken(token string) ClientOption {
	return WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("X-Auth-Token", token)
		return nil
	})
}
