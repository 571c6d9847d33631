package ide

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// The page and its assets come from the binary, under a policy that
// allows this origin only.
func TestIDEIsServedFromTheBinary(t *testing.T) {
	if !Built() {
		t.Fatal("the IDE's assets are missing: run deploy/ide/fetch (make build and make test do)")
	}
	srv := httptest.NewServer(Handler("/ide/", "/graphql"))
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := get("/")
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != http.StatusOK || !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Fatalf("/: %d, policy %q", resp.StatusCode, csp)
	}
	if external := regexp.MustCompile(`(src|href)="(https?:)?//`).FindString(page); external != "" {
		t.Errorf("the page loads from elsewhere: %s", external)
	}
	if strings.Contains(page, "<script>") {
		t.Error("the page has an inline script, which the policy blocks")
	}
	for _, src := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if resp, body := get(src[1]); resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: %d, %d bytes", src[1], resp.StatusCode, len(body))
		}
	}
	if resp, _ := get("/ide/LICENSES.txt"); resp.StatusCode != http.StatusOK {
		t.Errorf("the bundled licenses: %d", resp.StatusCode)
	}
	if resp, _ := get("/ide/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/ide/ lists the folder: %d", resp.StatusCode)
	}
}
