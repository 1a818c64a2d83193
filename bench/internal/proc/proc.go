// Package proc runs the processes the benchmarks measure: started, found by
// the address they print, measured from /proc, and stopped.
package proc

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Paysmart matches the line `paysmart serve` prints once it listens.
var Paysmart = regexp.MustCompile(`listening on (http://\S+)`)

// Proc is a running process.
type Proc struct {
	Cmd  *exec.Cmd
	Base string      // the address it printed
	Out  *SyncBuffer // its stdout and stderr
	once sync.Once
	err  error
}

// Start runs name with args (and env added to this process's environment)
// and waits until a line of its output matches listening, whose first group
// is its address.
func Start(ctx context.Context, listening *regexp.Regexp, env []string, name string, args ...string) (*Proc, error) {
	p := &Proc{Cmd: exec.CommandContext(ctx, name, args...), Out: &SyncBuffer{}}
	p.Cmd.Env = append(append(os.Environ(), "PAYSMART_LOG_LEVEL=error"), env...)
	pipe, err := p.Cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.Cmd.Stderr = p.Out
	if err := p.Cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.Out.Write(append(sc.Bytes(), '\n'))
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case p.Base = <-found:
		return p, nil
	case <-time.After(2 * time.Minute):
		p.Kill()
		return nil, fmt.Errorf("%s did not say where it listens:\n%s", name, p.Out)
	}
}

// Kill ends the process at once.
func (p *Proc) Kill() {
	p.once.Do(func() {
		p.Cmd.Process.Kill()
		p.Cmd.Wait()
	})
}

// Interrupt stops the process as an operator's Ctrl-C does and waits for it
// to exit; it kills it after a minute. It returns why the process did not
// exit cleanly.
func (p *Proc) Interrupt() error {
	p.once.Do(func() {
		p.Cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- p.Cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				p.err = fmt.Errorf("%s exited: %v\n%s", p.Cmd.Path, err, p.Out)
			}
		case <-time.After(time.Minute):
			p.Cmd.Process.Kill()
			<-done
			p.err = fmt.Errorf("%s did not stop within a minute of SIGINT:\n%s", p.Cmd.Path, p.Out)
		}
	})
	return p.err
}

// PeakRSS is the process's VmHWM in KiB (Linux); 0 elsewhere.
func (p *Proc) PeakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// FreshSchema returns the PostgreSQL URL base with a search_path to a new,
// empty schema named after prefix.
func FreshSchema(base, prefix string) (string, error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer db.Close()
	schema := fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		return "", err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// SyncBuffer is a bytes.Buffer that several goroutines may write.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
