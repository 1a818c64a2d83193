package stripetest

import (
	"bufio"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	mockOnce sync.Once
	mockPath string
	mockErr  error
)

// mockBinary builds stripe-mock, the tool go.mod names, once per process
// (go tool -n builds it into the build cache and prints its path).
func mockBinary() (string, error) {
	mockOnce.Do(func() {
		out, err := exec.Command("go", "tool", "-n", "stripe-mock").Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				err = &buildError{err, string(ee.Stderr)}
			}
			mockErr = err
			return
		}
		mockPath = strings.TrimSpace(string(out))
	})
	return mockPath, mockErr
}

type buildError struct {
	err    error
	stderr string
}

func (e *buildError) Error() string {
	return "go tool -n stripe-mock: " + e.err.Error() + ": " + e.stderr
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// StartMock runs stripe-mock on a free loopback port (HTTP and HTTPS both
// on 127.0.0.1 only) and returns its URL; it stops when the test ends. The
// test fails when stripe-mock cannot be built or started.
func StartMock(t testing.TB) string {
	t.Helper()
	bin, err := mockBinary()
	if err != nil {
		t.Fatalf("stripe-mock: %v", err)
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("stripe-mock: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- "http://" + m[1]
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("stripe-mock did not say where it listens within 30s")
	}
	return ""
}
