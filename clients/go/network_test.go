package taurusdbhtap

// What the client does on its users' networks, against real servers on loopback: a redirect
// to another host is reported and never followed (no credential leaves the endpoint), a real
// forward proxy carries the requests (CONNECT to a host name only it resolves; absolute form
// for plain HTTP) and its 407 is a *ProxyError without its credentials, the request timeout
// bounds a server that never answers, and the service's text is cleaned and its echoes of
// secrets masked.

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "tok-secret-0123456789"

func tasksHandler(calls *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprint(w, `{"total_count": 1, "replications": [{"task_name": "orders_sync", "status": "Yes"}]}`)
	}
}

// listen serves handler on a loopback address of choice (127.0.0.2 is loopback too).
func listen(t *testing.T, address string, handler http.Handler) *httptest.Server {
	t.Helper()
	listener, err := net.Listen("tcp", address+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", address, err)
	}
	server := &httptest.Server{Listener: listener, Config: &http.Server{Handler: handler}}
	server.Start()
	t.Cleanup(server.Close)
	return server
}

func tokenClient(t *testing.T, options Options) *ReplicationsClient {
	t.Helper()
	options.ProjectID, options.AuthToken, options.CredentialsFile = testProject, testToken, os.DevNull
	settings, err := ResolveSettings(options, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewReplicationsClientFromSettings(settings)
	if err != nil {
		t.Fatal(err)
	}
	client.Retry.BaseDelay, client.Retry.MaxDelay = time.Millisecond, 2*time.Millisecond
	return client
}

func TestRedirectToAnotherHostIsNeverFollowed(t *testing.T) {
	var foreignCalls atomic.Int64
	var leaked atomic.Value
	foreign := listen(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("X-Auth-Token"))
		tasksHandler(&foreignCalls)(w, r)
	}))
	endpoint := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, foreign.URL+r.URL.Path+"?sig=leak-me&offset=0", http.StatusFound)
	}))
	client := tokenClient(t, Options{Endpoint: endpoint.URL})
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var redirect *RedirectError
	if !errors.As(err, &redirect) || redirect.Status != 302 {
		t.Fatalf("want a *RedirectError 302, got %T %v", err, err)
	}
	text := err.Error()
	if !strings.Contains(text, "HTTP 302") || !strings.Contains(text, foreign.URL) || !strings.Contains(text, "sig=***") {
		t.Fatalf("the error must name the status and the Location with its query masked: %s", text)
	}
	if strings.Contains(text, "leak-me") || strings.Contains(text, testToken) {
		t.Fatalf("the error shows a secret: %s", text)
	}
	if n := foreignCalls.Load(); n != 0 {
		t.Fatalf("the foreign host got %d requests (token %v)", n, leaked.Load())
	}
}

// forwardProxy is a real HTTP forward proxy: CONNECT tunnels (to the address hosts maps a name
// to: only the proxy resolves it) and absolute-form requests; it answers 407 unless the client
// sends user:password.
type forwardProxy struct {
	hosts    map[string]string
	auth     string
	mu       sync.Mutex
	requests []string
}

func (p *forwardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.Method+" "+r.RequestURI)
	p.mu.Unlock()
	if r.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(p.auth)) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
		return
	}
	target := r.Host
	if host, port, err := net.SplitHostPort(target); err == nil && p.hosts[host] != "" {
		target = net.JoinHostPort(p.hosts[host], port)
	}
	if r.Method != http.MethodConnect {
		r.RequestURI, r.URL.Host = "", target
		r.Header.Del("Proxy-Authorization")
		answer, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		defer answer.Body.Close()
		w.WriteHeader(answer.StatusCode)
		_, _ = io.Copy(w, answer.Body)
		return
	}
	upstream, err := net.Dial("tcp", target)
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusOK)
	conn, buffered, err := http.NewResponseController(w).Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	go func() { _, _ = io.Copy(upstream, buffered); upstream.Close() }()
	_, _ = io.Copy(conn, upstream)
	conn.Close()
}

func (p *forwardProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// tlsEndpoint is the service behind TLS with a test CA written to a PEM file (the CA bundle),
// and its address under a host name only the proxy resolves.
func tlsEndpoint(t *testing.T, calls *atomic.Int64) (endpoint, bundle, address string) {
	server := httptest.NewTLSServer(tasksHandler(calls))
	t.Cleanup(server.Close)
	bundle = filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw})
	if err := os.WriteFile(bundle, block, 0o600); err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(server.Listener.Addr().String())
	// example.com is in httptest's certificate; the proxy maps it to loopback.
	return "https://example.com:" + port, bundle, "127.0.0.1"
}

func TestHTTPSProxyFromTheEnvironmentCarriesTheRequestsThroughConnect(t *testing.T) {
	var calls atomic.Int64
	endpoint, bundle, address := tlsEndpoint(t, &calls)
	proxy := &forwardProxy{hosts: map[string]string{"example.com": address}, auth: "user:proxy-pw-42"}
	proxyServer := listen(t, "127.0.0.1", proxy)
	proxyURL := strings.Replace(proxyServer.URL, "http://", "http://user:proxy-pw-42@", 1)
	env := map[string]string{"HTTPS_PROXY": proxyURL, "NO_PROXY": "localhost,.internal"}
	settings, err := ResolveSettings(Options{Endpoint: endpoint, ProjectID: testProject, AuthToken: testToken,
		CABundle: bundle, CredentialsFile: os.DevNull}, func(name string) string { return env[name] })
	if err != nil {
		t.Fatal(err)
	}
	if origin := settings.Origin("proxy"); origin.String() != "environment HTTPS_PROXY" || settings.Network.Proxy != proxyURL {
		t.Fatalf("proxy %q from %v", settings.Network.Proxy, origin)
	}
	if shown := fmt.Sprint(settings) + fmt.Sprintf("%#v", settings); strings.Contains(shown, "proxy-pw-42") {
		t.Fatalf("the settings show the proxy's password: %s", shown)
	}
	client, err := NewReplicationsClientFromSettings(settings)
	if err != nil {
		t.Fatal(err)
	}
	listing, err := client.ListTasks(context.Background(), testInstance)
	if err != nil {
		t.Fatal(err)
	}
	if len(listing.Tasks) != 1 || calls.Load() != 1 {
		t.Fatalf("%d tasks, %d calls", len(listing.Tasks), calls.Load())
	}
	if seen := proxy.seen(); len(seen) != 1 || !strings.HasPrefix(seen[0], "CONNECT example.com:") {
		t.Fatalf("the proxy saw %v", seen)
	}

	// NO_PROXY names the host: straight to example.com, which nothing but the proxy resolves.
	env["NO_PROXY"] = "example.com"
	settings, err = ResolveSettings(Options{Endpoint: endpoint, ProjectID: testProject, AuthToken: testToken, CABundle: bundle,
		CredentialsFile: os.DevNull}, func(name string) string { return env[name] })
	if err != nil || settings.Network.Proxy != "" {
		t.Fatalf("NO_PROXY must win: %q %v", settings.Network.Proxy, err)
	}
}

func TestAProxyRefusalIsAProxyErrorWithoutItsCredentials(t *testing.T) {
	var calls atomic.Int64
	endpoint, bundle, address := tlsEndpoint(t, &calls)
	proxy := &forwardProxy{hosts: map[string]string{"example.com": address}, auth: "user:right"}
	proxyServer := listen(t, "127.0.0.1", proxy)
	wrong := strings.Replace(proxyServer.URL, "http://", "http://user:wrong-pw-77@", 1)
	plain := listen(t, "127.0.0.1", tasksHandler(&calls))
	for name, options := range map[string]Options{
		"CONNECT":       {Endpoint: endpoint, CABundle: bundle, Proxy: wrong},
		"absolute form": {Endpoint: plain.URL, Proxy: wrong},
	} {
		client := tokenClient(t, options)
		_, err := client.ListAllReplications(context.Background(), testInstance)
		var refused *ProxyError
		if !errors.As(err, &refused) || refused.Status != 407 {
			t.Fatalf("%s: want a *ProxyError 407, got %T %v", name, err, err)
		}
		if text := err.Error(); strings.Contains(text, "wrong-pw-77") || !strings.Contains(text, proxyServer.Listener.Addr().String()) {
			t.Fatalf("%s: the error must name the proxy without its password: %s", name, text)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("the endpoint was reached %d times past a refusing proxy", calls.Load())
	}
	// With the right credentials, plain HTTP goes through the proxy in absolute form.
	proxy.auth = "user:wrong-pw-77"
	client := tokenClient(t, Options{Endpoint: plain.URL, Proxy: wrong})
	if _, err := client.ListAllReplications(context.Background(), testInstance); err != nil {
		t.Fatal(err)
	}
	if seen := proxy.seen(); !strings.HasPrefix(seen[len(seen)-1], "GET "+plain.URL+"/v3/") {
		t.Fatalf("want an absolute-form GET, the proxy saw %v", seen)
	}
}

// silentServer accepts connections, reads the request and never answers.
func silentServer(t *testing.T) string {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go func() {
				_, _ = bufio.NewReader(conn).ReadString('\n')
				<-done
				conn.Close()
			}()
		}
	}()
	return "http://" + listener.Addr().String()
}

func TestTheRequestTimeoutBoundsEachAttemptAndTheCall(t *testing.T) {
	endpoint := silentServer(t)
	one, timeout := int64(1), 100*time.Millisecond
	client := tokenClient(t, Options{Endpoint: endpoint, RequestTimeout: &timeout, MaxRetries: &one})
	start := time.Now()
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var transport *TransportError
	if !errors.As(err, &transport) || transport.TimedOut != 100*time.Millisecond {
		t.Fatalf("want a timed-out *TransportError, got %T %v", err, err)
	}
	if !strings.Contains(err.Error(), "no answer within the request timeout (100ms)") {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("two attempts of 100 ms took %s", elapsed)
	}
	// The whole call: the context (or Timeout) ends it even when each attempt may take longer.
	long := time.Hour
	client = tokenClient(t, Options{Endpoint: endpoint, RequestTimeout: &long})
	client.Timeout = 150 * time.Millisecond
	_, err = client.ListAllReplications(context.Background(), testInstance)
	var deadline *DeadlineError
	if !errors.As(err, &deadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a *DeadlineError, got %T %v", err, err)
	}
}

func TestServiceTextIsCleanedAndEchoedSecretsMasked(t *testing.T) {
	server := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		echo := r.Header.Get("X-Auth-Token") + r.Header.Get("Authorization")
		fmt.Fprintf(w, `{"error_code": "APIGW.0301", "error_msg": "bad \u001b]0;pwned\u0007 %s \u009b2J \u202eevil \u007f", "request_id": "r\u001b[31m"}`, echo)
	}))
	client := tokenClient(t, Options{Endpoint: server.URL})
	_, err := client.ListAllReplications(context.Background(), testInstance)
	text := err.Error()
	if strings.Contains(text, testToken) || strings.ContainsAny(text, "\x1b\x07\u009b\u202e\x7f") {
		t.Fatalf("unsafe error text: %q", text)
	}
	if !strings.Contains(text, `\x1b]0;pwned\x07`) || !strings.Contains(text, Masked) {
		t.Fatalf("the text must stay readable, the secret masked: %q", text)
	}
	// AK/SK: the signature the server echoes is masked, the secret key never appears.
	key := AccessKey{AccessKey: "AKTEST", SecretKey: "sk-secret-987654321"}
	settings, _ := ResolveSettings(Options{Endpoint: server.URL, ProjectID: testProject, AccessKey: key.AccessKey,
		SecretKey: key.SecretKey, CredentialsFile: os.DevNull}, func(string) string { return "" })
	signed, err := NewReplicationsClientFromSettings(settings)
	if err != nil {
		t.Fatal(err)
	}
	_, err = signed.ListAllReplications(context.Background(), testInstance)
	if text = err.Error(); !strings.Contains(text, "Signature="+Masked) || strings.Contains(text, key.SecretKey) {
		t.Fatalf("the echoed signature must be masked: %q", text)
	}
}

func TestASuccessPageThatIsNotJSONNamesItsContentTypeAndIsNotRetried(t *testing.T) {
	var calls atomic.Int64
	server := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body>Sign in to the hotel Wi-Fi</body></html>")
	}))
	client := tokenClient(t, Options{Endpoint: server.URL})
	_, err := client.ListAllReplications(context.Background(), testInstance)
	var api *APIError
	if !errors.As(err, &api) || !api.Malformed || api.ContentType != "text/html" || api.Retryable() {
		t.Fatalf("want a malformed, final *APIError naming text/html, got %T %v", err, err)
	}
	if !strings.Contains(err.Error(), "the body is text/html, not JSON") {
		t.Fatal(err)
	}
	if calls.Load() != 1 {
		t.Fatalf("a captive portal's page comes again on a retry: want 1 request, got %d", calls.Load())
	}
	// A JSON body cut short may come whole next time: retried.
	calls.Store(0)
	cut := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"total_count": 1, "replications": [{"task_na`)
	}))
	two := int64(2)
	_, err = tokenClient(t, Options{Endpoint: cut.URL, MaxRetries: &two}).ListAllReplications(context.Background(), testInstance)
	if !errors.As(err, &api) || !api.Retryable() || calls.Load() != 3 {
		t.Fatalf("want 3 attempts and a retryable *APIError, got %d and %T %v", calls.Load(), err, err)
	}
}

func TestABareEchoOfTheRequestSignatureIsMasked(t *testing.T) {
	server := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authorization := r.Header.Get("Authorization")
		signature := authorization[strings.LastIndex(authorization, "Signature=")+len("Signature="):]
		w.WriteHeader(403)
		fmt.Fprintf(w, `{"error_code": "APIGW.0301", "error_msg": "computed %s does not match", "request_id": "r1"}`, signature)
	}))
	settings, err := ResolveSettings(Options{Endpoint: server.URL, ProjectID: testProject, AccessKey: "AKTEST1234",
		SecretKey: "sk-secret-987654321", CredentialsFile: os.DevNull}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewReplicationsClientFromSettings(settings)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.ListAllReplications(context.Background(), testInstance)
	text := err.Error()
	if !strings.Contains(text, "computed "+Masked+" does not match") {
		t.Fatalf("the bare signature must be masked: %q", text)
	}
}
