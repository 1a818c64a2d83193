package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/paysmart/paysmart/dashboard"
	"github.com/paysmart/paysmart/domain"
	"github.com/paysmart/paysmart/jobs"
	"github.com/paysmart/paysmart/notify"
	"github.com/paysmart/paysmart/pages"
	"github.com/paysmart/paysmart/paysley"
	"github.com/paysmart/paysmart/paysmart"
	"github.com/paysmart/paysmart/processor/stripe"
	"github.com/paysmart/paysmart/sandbox"
	"github.com/paysmart/paysmart/server"
	"github.com/paysmart/paysmart/store"
	"github.com/paysmart/paysmart/vault"
	"github.com/paysmart/paysmart/webhook"
)

// config is every setting, from flags with environment fallbacks.
type config struct {
	addr        string
	debugAddr   string // net/http/pprof, off when empty
	databaseURL string
	baseURL     string
	// publicBase, set by serve once it listens, is the base URL the links
	// built after start-up use (the card issuer's return page).
	publicBase *string
	logLevel   string
	shutdown   time.Duration
	vaultKey   string
	vaultFile  string
	vaultOld   string // old vault keys, which only open (key rotation)

	jobWorkers          int           // 0: this node runs no background jobs
	jobLease            time.Duration // how long a claimed job is held before others may take it over
	webhookAllowPrivate bool          // let live-mode endpoints resolve to private addresses

	notices        io.Writer         // where every command says which database it opened (stderr)
	serving        bool              // the command is serve: a new database is expected there
	rateLimits     server.RateLimits // requests a second per live key, test key and client address; 0 is off
	redisURL       string            // shares rate limits between nodes
	trustedProxies []string          // CIDRs whose X-Forwarded-For and X-Forwarded-Proto are believed
	tlsCert        string            // PEM certificate (chain) file for HTTPS
	tlsKey         string            // its PEM private key file
	tlsSelfSigned  bool              // make and keep a self-signed certificate beside the database

	reconcileAfter   time.Duration // when a money operation's reconcile job first looks at it
	processorTimeout time.Duration // bound on one processor call
	sandboxLatency   time.Duration // the sandbox waits this long before each answer (demos, crash tests)

	billingInterval time.Duration // how often the billing scan looks for due subscription charges
	dashboardIdle   time.Duration // a dashboard session unused this long is signed out
	dunning         string        // retry delays of a failed subscription charge, e.g. "24h,72h,120h"

	liveProcessor string // "" (none) or "stripe"
	testProcessor string // "sandbox" (or "") or "stripe"
	stripe        stripeConfig

	messages messagesConfig
}

// messagesConfig is where e-mail and SMS go. Test mode uses only the test
// URLs and live mode only the others; an unset URL keeps that mode's
// messages of that channel in the outbox.
type messagesConfig struct {
	smtpURL, testSMTPURL string // smtp://[user:pass@]host:port or smtps://…
	smsURL, testSMSURL   string // https://ACCOUNT:TOKEN@api.twilio.com (Twilio's Messages API)
	mailFrom             string // sender address when a merchant has none
	smsFrom              string // SMS sender when a merchant owns no number
	dkim                 notify.DKIM
}

// stripeConfig is the Stripe connector's settings; secrets come from the
// environment only, never from flags (which other users can read in ps).
type stripeConfig struct {
	secretKey     string // live: sk_live_… (PAYSMART_STRIPE_SECRET_KEY)
	testSecretKey string // test: sk_test_… (PAYSMART_STRIPE_TEST_SECRET_KEY)
	apiBase       string
	webhookSecret string // comma-separated whsec_… (PAYSMART_STRIPE_WEBHOOK_SECRET)
}

// run is the whole program: main only adds signals and the real process
// environment, so tests drive run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	cfg := config{notices: stderr, messages: messagesConfig{
		// URLs carry credentials: the environment is the place for them.
		smtpURL: getenv("PAYSMART_SMTP_URL"), testSMTPURL: getenv("PAYSMART_TEST_SMTP_URL"),
		smsURL: getenv("PAYSMART_SMS_URL"), testSMSURL: getenv("PAYSMART_TEST_SMS_URL"),
	}, stripe: stripeConfig{
		secretKey:     getenv("PAYSMART_STRIPE_SECRET_KEY"),
		testSecretKey: getenv("PAYSMART_STRIPE_TEST_SECRET_KEY"),
		apiBase:       env("PAYSMART_STRIPE_API_BASE", stripe.DefaultAPIBase),
		webhookSecret: getenv("PAYSMART_STRIPE_WEBHOOK_SECRET"),
	}}
	root := &cobra.Command{
		Use:           "paysmart",
		Short:         "PaySmart: a self-hostable payments server speaking the PaySmart and Paysley v2 APIs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&cfg.databaseURL, "database", env("PAYSMART_DATABASE_URL", "sqlite:paysmart.db"),
		"database URL: sqlite:PATH or postgres://... (env PAYSMART_DATABASE_URL)")
	root.PersistentFlags().StringVar(&cfg.vaultKey, "vault-key", env("PAYSMART_VAULT_KEY", ""),
		"card vault master key, 32 bytes as hex or base64 (env PAYSMART_VAULT_KEY); required with PostgreSQL unless --vault-key-file")
	root.PersistentFlags().StringVar(&cfg.vaultFile, "vault-key-file", env("PAYSMART_VAULT_KEY_FILE", ""),
		"file holding the vault key, created if missing (env PAYSMART_VAULT_KEY_FILE; default for SQLite: the database path + .vault-key); "+
			"further keys on further lines are old keys")
	root.PersistentFlags().StringVar(&cfg.vaultOld, "vault-old-keys", env("PAYSMART_VAULT_OLD_KEYS", ""),
		"old card vault keys, comma-separated, which open what they sealed but seal nothing (env PAYSMART_VAULT_OLD_KEYS); see paysmart vault rotate")
	root.PersistentFlags().StringVar(&cfg.logLevel, "log-level", env("PAYSMART_LOG_LEVEL", "info"),
		"log level: debug, info, warn, error (env PAYSMART_LOG_LEVEL)")

	serve := &cobra.Command{
		Use:   "serve",
		Short: "Run the API server (creates a demo merchant on a new database)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveCmd(cmd.Context(), cfg, stdout, stderr)
		},
	}
	serve.Flags().StringVar(&cfg.addr, "addr", env("PAYSMART_ADDR", "127.0.0.1:8080"), "listen address HOST:PORT (env PAYSMART_ADDR)")
	serve.Flags().StringVar(&cfg.baseURL, "base-url", env("PAYSMART_BASE_URL", ""),
		"public URL of this server for links in responses (env PAYSMART_BASE_URL; default http://ADDR)")
	serve.Flags().DurationVar(&cfg.shutdown, "shutdown-timeout", 20*time.Second,
		"how long to wait for in-flight requests, then as long again for running jobs, on shutdown")
	serve.Flags().IntVar(&cfg.jobWorkers, "job-workers", envInt(getenv, "PAYSMART_JOB_WORKERS", 100),
		"background jobs (webhook deliveries) run at once on this node; 0 runs none (env PAYSMART_JOB_WORKERS)")
	serve.Flags().DurationVar(&cfg.jobLease, "job-lease", envDuration(getenv, "PAYSMART_JOB_LEASE", 2*time.Minute),
		"how long a node holds a job it claimed; a crashed node's jobs run elsewhere after this (env PAYSMART_JOB_LEASE)")
	serve.Flags().DurationVar(&cfg.reconcileAfter, "reconcile-after", envDuration(getenv, "PAYSMART_RECONCILE_AFTER", domain.DefaultReconcileAfter),
		"how long after a payment, capture, cancel or refund began its reconcile job settles it if its answer was not recorded (env PAYSMART_RECONCILE_AFTER)")
	serve.Flags().DurationVar(&cfg.processorTimeout, "processor-timeout", envDuration(getenv, "PAYSMART_PROCESSOR_TIMEOUT", domain.DefaultProcessorTimeout),
		"bound on one processor call; past it the outcome is unknown and the reconcile job settles it (env PAYSMART_PROCESSOR_TIMEOUT)")
	serve.Flags().DurationVar(&cfg.sandboxLatency, "sandbox-latency", envDuration(getenv, "PAYSMART_SANDBOX_LATENCY", 0),
		"make the test-mode sandbox processor wait this long before each answer, like a real processor (env PAYSMART_SANDBOX_LATENCY)")
	serve.Flags().DurationVar(&cfg.dashboardIdle, "dashboard-idle-timeout", envDuration(getenv, "PAYSMART_DASHBOARD_IDLE_TIMEOUT", dashboard.DefaultIdleTimeout),
		"sign a dashboard session out after this long without use (env PAYSMART_DASHBOARD_IDLE_TIMEOUT)")
	serve.Flags().DurationVar(&cfg.billingInterval, "billing-interval", envDuration(getenv, "PAYSMART_BILLING_INTERVAL", time.Minute),
		"how often the billing scan queues the subscription charges that are due (env PAYSMART_BILLING_INTERVAL)")
	serve.Flags().StringVar(&cfg.dunning, "dunning-schedule", env("PAYSMART_DUNNING_SCHEDULE", "24h,72h,120h"),
		`when a failed subscription charge is retried, after its due time; "" for never (env PAYSMART_DUNNING_SCHEDULE)`)
	serve.Flags().StringVar(&cfg.liveProcessor, "live-processor", env("PAYSMART_LIVE_PROCESSOR", ""),
		"processor for live mode: stripe (needs PAYSMART_STRIPE_SECRET_KEY, an sk_live_ key), or empty for none: live payments are refused (env PAYSMART_LIVE_PROCESSOR)")
	serve.Flags().StringVar(&cfg.testProcessor, "test-processor", env("PAYSMART_TEST_PROCESSOR", "sandbox"),
		"processor for test mode: sandbox, or stripe (Stripe's test mode; needs PAYSMART_STRIPE_TEST_SECRET_KEY, an sk_test_ key) (env PAYSMART_TEST_PROCESSOR)")
	serve.Flags().StringVar(&cfg.messages.smtpURL, "smtp-url", cfg.messages.smtpURL,
		"live-mode e-mail: smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://… (env PAYSMART_SMTP_URL); unset: live e-mails stay in the outbox")
	serve.Flags().StringVar(&cfg.messages.testSMTPURL, "test-smtp-url", cfg.messages.testSMTPURL,
		"test-mode e-mail, e.g. a local mail catcher: smtp://127.0.0.1:1025 (env PAYSMART_TEST_SMTP_URL); unset: test e-mails stay in the outbox")
	serve.Flags().StringVar(&cfg.messages.smsURL, "sms-url", cfg.messages.smsURL,
		"live-mode SMS and MMS through Twilio's Messages API: https://ACCOUNT_SID:AUTH_TOKEN@api.twilio.com (env PAYSMART_SMS_URL); unset: they stay in the outbox")
	serve.Flags().StringVar(&cfg.messages.testSMSURL, "test-sms-url", cfg.messages.testSMSURL,
		"test-mode SMS and MMS, e.g. a local sink speaking Twilio's API (env PAYSMART_TEST_SMS_URL); unset: they stay in the outbox")
	serve.Flags().StringVar(&cfg.messages.mailFrom, "mail-from", env("PAYSMART_MAIL_FROM", ""),
		"sender address of e-mails when the merchant has none (env PAYSMART_MAIL_FROM)")
	serve.Flags().StringVar(&cfg.messages.dkim.KeyFile, "dkim-key-file", env("PAYSMART_DKIM_KEY_FILE", ""),
		"DKIM-sign e-mail with this private key (PEM, RSA or Ed25519; env PAYSMART_DKIM_KEY_FILE); needs --dkim-selector and --dkim-domain")
	serve.Flags().StringVar(&cfg.messages.dkim.Selector, "dkim-selector", env("PAYSMART_DKIM_SELECTOR", ""),
		"DKIM selector: the public key is at SELECTOR._domainkey.DOMAIN (env PAYSMART_DKIM_SELECTOR)")
	serve.Flags().StringVar(&cfg.messages.dkim.Domain, "dkim-domain", env("PAYSMART_DKIM_DOMAIN", ""),
		"DKIM signing domain (d=), the domain of --mail-from for DMARC alignment (env PAYSMART_DKIM_DOMAIN)")
	serve.Flags().StringVar(&cfg.messages.smsFrom, "sms-from", env("PAYSMART_SMS_FROM", ""),
		"sender number of SMS when the merchant owns none, E.164 (env PAYSMART_SMS_FROM)")
	serve.Flags().BoolVar(&cfg.webhookAllowPrivate, "webhook-allow-private", getenv("PAYSMART_WEBHOOK_ALLOW_PRIVATE") == "1",
		"let live-mode webhook endpoints resolve to private and loopback addresses; link-local stays refused (env PAYSMART_WEBHOOK_ALLOW_PRIVATE=1)")

	serve.Flags().IntVar(&cfg.rateLimits.Live, "rate-limit-live", envInt(getenv, "PAYSMART_RATE_LIMIT_LIVE", server.DefaultRateLimits.Live),
		"requests a second per live API key, as Stripe's; 0 is no limit (env PAYSMART_RATE_LIMIT_LIVE)")
	serve.Flags().IntVar(&cfg.rateLimits.Test, "rate-limit-test", envInt(getenv, "PAYSMART_RATE_LIMIT_TEST", server.DefaultRateLimits.Test),
		"requests a second per test API key; 0 is no limit (env PAYSMART_RATE_LIMIT_TEST)")
	serve.Flags().IntVar(&cfg.rateLimits.IP, "rate-limit-ip", envInt(getenv, "PAYSMART_RATE_LIMIT_IP", server.DefaultRateLimits.IP),
		"API requests a second per client address, whatever the key; 0 is no limit (env PAYSMART_RATE_LIMIT_IP)")
	serve.Flags().StringVar(&cfg.redisURL, "redis-url", env("PAYSMART_REDIS_URL", ""),
		"Redis shared by every node for rate limits, e.g. redis://127.0.0.1:6379/0; without it each node counts alone (env PAYSMART_REDIS_URL)")
	serve.Flags().StringSliceVar(&cfg.trustedProxies, "trusted-proxy", splitList(getenv("PAYSMART_TRUSTED_PROXIES")),
		"CIDR of a proxy in front of this server whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable (env PAYSMART_TRUSTED_PROXIES, comma-separated)")

	serve.Flags().StringVar(&cfg.tlsCert, "tls-cert", env("PAYSMART_TLS_CERT", ""),
		"serve HTTPS with this PEM certificate (chain) file, with --tls-key (env PAYSMART_TLS_CERT)")
	serve.Flags().StringVar(&cfg.tlsKey, "tls-key", env("PAYSMART_TLS_KEY", ""), "the PEM private key of --tls-cert (env PAYSMART_TLS_KEY)")
	serve.Flags().BoolVar(&cfg.tlsSelfSigned, "tls-self-signed", getenv("PAYSMART_TLS_SELF_SIGNED") == "1",
		"serve HTTPS with a self-signed certificate made and kept beside the database, for local use; its SHA-256 fingerprint is printed (env PAYSMART_TLS_SELF_SIGNED=1)")
	serve.Flags().StringVar(&cfg.debugAddr, "debug-addr", env("PAYSMART_DEBUG_ADDR", ""),
		"serve Go's profiler (/debug/pprof/) on this HOST:PORT, a loopback address: it is not authenticated (env PAYSMART_DEBUG_ADDR; off by default)")

	migrate := &cobra.Command{
		Use:   "migrate",
		Short: "Apply database migrations (every command also does this)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := store.Open(cmd.Context(), cfg.databaseURL)
			if err != nil {
				return err
			}
			defer s.Close()
			fmt.Fprintln(stdout, "database is up to date")
			return nil
		},
	}

	root.AddCommand(serve, migrate, backupCmd(&cfg, stdout), vaultCmd(&cfg, stdout), verifyCmd(&cfg, stdout), merchantsCmd(&cfg, stdout), keysCmd(&cfg, stdout),
		applicationsCmd(&cfg, stdout), usersCmd(&cfg, stdout),
		listenCmd(getenv, stdout), triggerCmd(getenv, stdout))
	return root.ExecuteContext(ctx)
}

// openEngine opens and migrates the database and builds the engine over it:
// the card vault and the processors: for test mode the sandbox (or Stripe's
// test mode), for live mode the Stripe connector or none (live payments are
// then refused before anything is written).
func openEngine(ctx context.Context, cfg config) (*domain.Engine, *store.Store, error) {
	keys, err := vaultKeys(cfg)
	if err != nil {
		return nil, nil, err
	}
	v, err := vault.New(keys[0], keys[1:]...)
	if err != nil {
		return nil, nil, err
	}
	where, isNew := describeDatabase(cfg.databaseURL)
	s, err := store.Open(ctx, cfg.databaseURL)
	if err != nil {
		return nil, nil, err
	}
	if cfg.notices != nil {
		fmt.Fprintf(cfg.notices, "paysmart: database %s\n", where)
		if isNew && !cfg.serving {
			fmt.Fprintf(cfg.notices, "paysmart: warning: there was no database at %s; this command created a new, empty one. "+
				"Give the server's --database (or PAYSMART_DATABASE_URL) to work on its data.\n", where)
		}
	}
	e := domain.NewEngine(s, nil)
	e.Vault = v
	e.Passwords = dashboard.Passwords{}
	e.TestProcessor = &sandbox.Processor{Vault: v, Ledger: s.SandboxLedger(), Latency: cfg.sandboxLatency}
	base := strings.TrimRight(cfg.baseURL, "/")
	if base == "" {
		base = "http://" + cfg.addr
	}
	// The card issuer's 3-D Secure page sends the customer back to the pages.
	public := cfg.publicBase
	if public == nil {
		public = &base
	}
	returnURL := func(id string) string { return pages.AuthenticateReturnURL(*public, id) }
	switch cfg.testProcessor {
	case "", "sandbox":
	case "stripe":
		if e.TestProcessor, err = stripe.New(stripe.Config{SecretKey: cfg.stripe.testSecretKey, APIBase: cfg.stripe.apiBase, Vault: v,
			ReturnURL: returnURL}); err != nil {
			s.Close()
			return nil, nil, fmt.Errorf("--test-processor stripe: %w (set PAYSMART_STRIPE_TEST_SECRET_KEY)", err)
		}
	default:
		s.Close()
		return nil, nil, fmt.Errorf("--test-processor %q: want sandbox or stripe", cfg.testProcessor)
	}
	switch cfg.liveProcessor {
	case "", "none":
	case "stripe":
		if e.LiveProcessor, err = stripe.New(stripe.Config{SecretKey: cfg.stripe.secretKey, Livemode: true, APIBase: cfg.stripe.apiBase, Vault: v,
			ReturnURL: returnURL}); err != nil {
			s.Close()
			return nil, nil, fmt.Errorf("--live-processor stripe: %w (set PAYSMART_STRIPE_SECRET_KEY)", err)
		}
	default:
		s.Close()
		return nil, nil, fmt.Errorf("--live-processor %q: want stripe, or nothing for none", cfg.liveProcessor)
	}
	e.ReconcileAfter, e.ProcessorTimeout = cfg.reconcileAfter, cfg.processorTimeout
	if e.DunningSchedule, err = parseDunning(cfg.dunning); err != nil {
		s.Close()
		return nil, nil, err
	}
	e.Snapshot = paysmart.Snapshotter(base)
	e.Messages = notify.Renderer{BaseURL: base}
	return e, s, nil
}

// describeDatabase names a database URL for people: a SQLite file by its
// absolute path (and whether it exists yet), PostgreSQL without a password.
func describeDatabase(dbURL string) (where string, isNew bool) {
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !ok {
		if u, err := url.Parse(dbURL); err == nil {
			return u.Redacted(), false
		}
		return "(unparsable URL)", false
	}
	path = strings.TrimPrefix(path, "//")
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	_, err := os.Stat(path)
	return "sqlite:" + path, errors.Is(err, fs.ErrNotExist)
}

// vaultKeys finds the card vault's master keys, the sealing one first:
// given outright, or in a key file, which the embedded SQLite setup creates
// beside its database; then the old keys given apart (--vault-old-keys).
func vaultKeys(cfg config) ([][]byte, error) {
	keys, err := vaultKeyList(cfg)
	if err != nil {
		return nil, err
	}
	old, err := vault.ParseKeys(cfg.vaultOld)
	if err != nil {
		return nil, fmt.Errorf("--vault-old-keys (PAYSMART_VAULT_OLD_KEYS): %w", err)
	}
	return append(keys, old...), nil
}

func vaultKeyList(cfg config) ([][]byte, error) {
	if cfg.vaultKey != "" {
		k, err := vault.ParseKey(cfg.vaultKey)
		return [][]byte{k}, err
	}
	path := cfg.vaultFile
	if path == "" {
		db, ok := strings.CutPrefix(cfg.databaseURL, "sqlite:")
		if !ok {
			return nil, errors.New("a PostgreSQL setup needs the card vault key shared by every node: " +
				"set PAYSMART_VAULT_KEY (32 bytes, hex or base64) or PAYSMART_VAULT_KEY_FILE")
		}
		path = strings.TrimPrefix(db, "//") + ".vault-key"
	}
	return vault.LoadOrCreateKeyFile(path)
}

// stateDir is where serve keeps files of its own (the self-signed
// certificate): the SQLite database's directory, or the working directory.
func stateDir(cfg config) string {
	if db, ok := strings.CutPrefix(cfg.databaseURL, "sqlite:"); ok {
		return filepath.Dir(strings.TrimPrefix(db, "//"))
	}
	return "."
}

// vaultKeyBesideDatabase reports whether the vault key is read from a file in
// the SQLite database's own directory, and which directory that is.
func vaultKeyBesideDatabase(cfg config) (string, bool) {
	db, ok := strings.CutPrefix(cfg.databaseURL, "sqlite:")
	if !ok || cfg.vaultKey != "" {
		return "", false
	}
	db = strings.TrimPrefix(db, "//")
	key := cfg.vaultFile
	if key == "" {
		key = db + ".vault-key"
	}
	dbDir, err1 := filepath.Abs(filepath.Dir(db))
	keyDir, err2 := filepath.Abs(filepath.Dir(key))
	return dbDir, err1 == nil && err2 == nil && dbDir == keyDir
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	return slog.New(requestIDHandler{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})}), nil
}

func serveCmd(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	cfg.serving = true
	cfg.publicBase = new(string)
	if cfg.dashboardIdle <= 0 {
		return fmt.Errorf("--dashboard-idle-timeout must be more than 0, e.g. 30m")
	}
	log, err := newLogger(stderr, cfg.logLevel)
	if err != nil {
		return err
	}
	engine, s, err := openEngine(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()

	host, _, _ := net.SplitHostPort(cfg.addr)
	cert, useTLS, err := loadTLS(cfg.tlsCert, cfg.tlsKey, cfg.tlsSelfSigned, stateDir(cfg), host)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if useTLS {
		scheme = "https"
		if cfg.tlsSelfSigned {
			fmt.Fprintf(stdout, "Self-signed TLS certificate, SHA-256 fingerprint %s\n", fingerprint(cert))
		}
	}
	base := cfg.baseURL
	if base == "" {
		base = scheme + "://" + ln.Addr().String()
	}
	base = strings.TrimRight(base, "/")
	*cfg.publicBase = base

	engine.Snapshot = paysmart.Snapshotter(base)
	engine.Messages = notify.Renderer{BaseURL: base}

	if dir, beside := vaultKeyBesideDatabase(cfg); beside {
		if live, err := s.HasLiveKeys(ctx); err == nil && live {
			// A copy of the directory (a backup, a stolen disk) would hold
			// both the sealed card numbers and the key that opens them.
			log.Warn("the card vault key is in the same directory as the database, and live keys exist: "+
				"keep the key elsewhere (--vault-key-file on another volume, or PAYSMART_VAULT_KEY from a secret store); see docs/operations.md",
				"directory", dir)
			fmt.Fprintf(stderr, "WARNING: the card vault key sits beside the database in %s while live keys exist; keep it elsewhere (docs/operations.md).\n", dir)
		}
	}

	m, keys, err := engine.EnsureDemoMerchant(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if keys != nil {
		fmt.Fprintf(stdout, "New database: created %s (%s). Its test keys, shown only this once:\n", m.Name, m.ID)
		for _, k := range []string{"sk_test", "pk_test", "py_test"} {
			fmt.Fprintf(stdout, "  %-8s %s\n", k, keys[k])
		}
		fmt.Fprintf(stdout, "Try: curl %s/v2/customers -u %s:\n", base, keys["sk_test"])
	}

	sender, err := newSender(engine, cfg, base, log)
	if err != nil {
		ln.Close()
		return err
	}
	// What waited in the outbox for a transport configured now is sent.
	if _, err := sender.QueueKept(ctx); err != nil {
		ln.Close()
		return fmt.Errorf("queueing the messages kept in the outbox: %w", err)
	}
	proxies, err := parsePrefixes(cfg.trustedProxies)
	if err != nil {
		ln.Close()
		return err
	}
	var limiter server.Limiter = server.NewLocalLimiter()
	if cfg.redisURL != "" {
		rl, rdb, err := server.NewRedisLimiter(cfg.redisURL, "paysmart:rate:")
		if err != nil {
			ln.Close()
			return err
		}
		defer rdb.Close()
		limiter = rl
	}

	reg, metrics := newMetrics()
	calls := processorCalls(reg)
	stripeHooks := stripeWebhook(engine, cfg, log) // before metering wraps the connector
	engine.TestProcessor = meter(engine.TestProcessor, "test", calls)
	engine.LiveProcessor = meter(engine.LiveProcessor, "live", calls)
	runner := newRunner(engine, s, cfg, log)
	sender.Register(runner)
	reg.MustRegister(runner.Collector())
	// The SMS provider reports deliveries to POST /webhooks/sms.
	var smsReports http.Handler
	if d, ok := sender.Reports(base + notify.DeliveryPath); ok {
		smsReports = d
	}
	streamsDone := make(chan struct{})
	srv := &http.Server{
		Handler: server.New(server.Config{Engine: engine, Log: log, BaseURL: base, Done: streamsDone,
			Metrics: metrics, Registerer: reg, Limiter: limiter, RateLimits: cfg.rateLimits, TrustedProxies: proxies,
			HTTPSOnlyLive: true, StripeWebhook: stripeHooks, SMSReports: smsReports, DashboardIdleTimeout: cfg.dashboardIdle}),
		// Timeouts (docs/operations.md): headers within 10 s and the whole
		// request within 30 s hold off slow clients (a body trickling in is
		// answered 408); 60 s to write a response; idle keep-alive
		// connections close after 120 s. The event stream lifts its own
		// deadlines.
		// The server's own complaints (TLS handshakes a scanner broke off)
		// are the clients' doing: INFO, in the JSON log.
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelInfo),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	srv.RegisterOnShutdown(func() { close(streamsDone) })
	if cfg.jobWorkers > 0 {
		// Not ctx: a signal must stop the HTTP server first, then drain jobs.
		if err := runner.Start(context.WithoutCancel(ctx)); err != nil {
			ln.Close()
			return err
		}
		// PostgreSQL: jobs other nodes commit wake this one at once.
		lctx, stopListening := context.WithCancel(context.WithoutCancel(ctx))
		defer stopListening()
		go s.ListenJobs(lctx, runner.Wake)
	}
	if cfg.debugAddr != "" {
		_, stopDebug, err := serveDebug(cfg.debugAddr, log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopDebug()
	}
	errc := make(chan error, 1)
	if useTLS {
		srv.TLSConfig = tlsConfig(cert)
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	fmt.Fprintf(stdout, "PaySmart listening on %s (database %s)\n", base, s.Flavor())
	log.Info("listening", "addr", ln.Addr().String(), "database", string(s.Flavor()), "job_workers", cfg.jobWorkers,
		"live_processor", orNone(cfg.liveProcessor), "test_processor", cfg.testProcessor)

	select {
	case err := <-errc:
		runner.Stop(context.Background())
		return err
	case <-ctx.Done():
	}
	// Stop accepting, let in-flight requests finish, then drain the jobs:
	// running deliveries finish, or go back to the queue for another node.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdown)
	defer cancel()
	herr := srv.Shutdown(sctx)
	jctx, jcancel := context.WithTimeout(context.Background(), cfg.shutdown)
	defer jcancel()
	runner.Stop(jctx)
	if herr != nil {
		return fmt.Errorf("shutdown: %w", herr)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "PaySmart stopped")
	return nil
}

// stripeWebhook is the handler of Stripe's webhooks when a Stripe connector
// runs and an endpoint secret is set; nil otherwise (outcomes Stripe reports
// late then settle through the reconcile job alone).
func stripeWebhook(e *domain.Engine, cfg config, log *slog.Logger) http.Handler {
	live, _ := e.LiveProcessor.(*stripe.Processor)
	test, _ := e.TestProcessor.(*stripe.Processor)
	if live == nil && test == nil {
		return nil
	}
	var secrets []string
	for _, s := range strings.Split(cfg.stripe.webhookSecret, ",") {
		if s = strings.TrimSpace(s); s != "" {
			secrets = append(secrets, s)
		}
	}
	if len(secrets) == 0 {
		log.Warn("PAYSMART_STRIPE_WEBHOOK_SECRET is not set: POST /webhooks/stripe is off, and what Stripe settles late waits for the reconcile job")
		return nil
	}
	return stripe.NewWebhookHandler(stripe.WebhookConfig{Engine: e, Live: live, Test: test, Secrets: secrets, Log: log})
}

// newRunner builds the job runner: webhook deliveries, Paysley response_url
// callbacks, and an hourly job that
// prunes expired idempotency keys, sign-in failures older than a day and
// jobs finished more than a week ago.
func newRunner(engine *domain.Engine, s *store.Store, cfg config, log *slog.Logger) *jobs.Runner {
	runner := jobs.New(s, jobs.Config{Workers: cfg.jobWorkers, Lease: cfg.jobLease, Log: log})
	liveGuard := webhook.GuardPublic
	if cfg.webhookAllowPrivate {
		liveGuard = webhook.GuardLinkLocal
	}
	(&webhook.Deliverer{
		Engine:     engine,
		Render:     paysmart.RenderEvent,
		LiveClient: webhook.NewClient(webhook.ClientConfig{Guard: liveGuard}),
		Log:        log,
	}).Register(runner)
	(&webhook.Callbacks{Engine: engine, Render: paysley.RenderCallback, Log: log,
		LiveClient: webhook.NewClient(webhook.ClientConfig{Guard: liveGuard})}).Register(runner)
	jobs.Register(runner, func(ctx context.Context, j jobs.Job[domain.ReconcileArgs]) error {
		return engine.Reconcile(ctx, *j.Scope, j.Args, j.RetryAt.IsZero())
	}, jobs.Options{Timeout: 2 * cfg.processorTimeout, Backoff: jobs.ExponentialBackoff(5*time.Second, 10*time.Minute)})
	// A charge that keeps erring is retried for up to 12 hours; its last
	// try (RetryAt zero) gives the period up with a failed payment saying why.
	jobs.Register(runner, func(ctx context.Context, j jobs.Job[domain.ChargeArgs]) error {
		return engine.ChargeSubscription(ctx, *j.Scope, j.Args, j.RetryAt.IsZero())
	}, jobs.Options{Timeout: 2 * cfg.processorTimeout, MaxAge: func(domain.Job) time.Duration { return chargeMaxAge }})
	billing := cfg.billingInterval
	if billing <= 0 {
		billing = time.Minute
	}
	runner.Periodic("subscriptions.bill", billing, func(ctx context.Context) error {
		n, err := engine.QueueDueCharges(ctx)
		if n > 0 {
			log.Info("billing scan", "due", n)
		}
		return err
	})
	// 3-D Secure challenges left unanswered for domain.ChallengeLifetime fail.
	runner.Periodic("payments.expire_challenges", 10*time.Minute, func(ctx context.Context) error {
		n, err := engine.ExpireChallenges(ctx)
		if n > 0 {
			log.Info("challenges expired", "payments", n)
		}
		return err
	})
	// Each prune deletes what outlived its window; the log line counts them.
	prunes := []struct {
		name  string
		prune func(context.Context) (int64, error)
	}{
		{"idempotency_keys", engine.PruneIdempotency},
		{"signin_failures", engine.PruneSigninFailures},
		{"jobs", func(ctx context.Context) (int64, error) { return runner.Prune(ctx, 7*24*time.Hour) }},
		{"webhook_deliveries", engine.PruneWebhookDeliveries},
		{"pending_sms_reports", engine.PrunePendingDeliveries},
	}
	runner.Periodic("maintenance.prune", time.Hour, func(ctx context.Context) error {
		counts := make([]any, 0, 2*len(prunes))
		for _, p := range prunes {
			n, err := p.prune(ctx)
			if err != nil {
				return fmt.Errorf("prune %s: %w", p.name, err)
			}
			counts = append(counts, p.name, n)
		}
		log.Info("pruned", counts...)
		return nil
	})
	s.OnJobInserted(runner.Wake)
	return runner
}

// chargeMaxAge is how long a subscription charge that errs is retried
// before its period is given up.
const chargeMaxAge = 12 * time.Hour

// parseDunning reads a comma-separated list of durations; "" or "none" is
// no retry. nil (the flag unset everywhere) keeps the engine's default.
func parseDunning(s string) ([]time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return []time.Duration{}, nil
	}
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("--dunning-schedule: %q is not a positive duration", part)
		}
		out = append(out, d)
	}
	return out, nil
}

// splitList splits a comma-separated environment value; "" is none.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parsePrefixes parses CIDRs; a bare address is a prefix of one address.
func parsePrefixes(ss []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range ss {
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxy %q: %w", s, err)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy %q: %w", s, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// newSender builds the message.send worker over the configured transports:
// each mode gets only its own URLs, so a test-mode message can never reach
// the live SMTP server or SMS provider.
func newSender(engine *domain.Engine, cfg config, base string, log *slog.Logger) (*notify.Sender, error) {
	mc := cfg.messages
	sn := &notify.Sender{Engine: engine, Files: pages.Files{Engine: engine, BaseURL: base}, MailFrom: mc.mailFrom,
		SMSFrom: mc.smsFrom, Log: log}
	if mc.mailFrom != "" && !domain.ValidEmail(mc.mailFrom) {
		return nil, fmt.Errorf("--mail-from %q is not an e-mail address", mc.mailFrom)
	}
	dkim, err := mc.dkim.Signer()
	if err != nil {
		return nil, fmt.Errorf("--dkim-key-file, --dkim-selector, --dkim-domain: %w", err)
	}
	sn.DKIM = dkim
	for _, t := range []struct {
		flag, url string
		dst       *notify.Transports
	}{{"--smtp-url", mc.smtpURL, &sn.Live}, {"--test-smtp-url", mc.testSMTPURL, &sn.Test}} {
		if t.url == "" {
			continue
		}
		m, err := notify.NewSMTP(t.url, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.flag, err)
		}
		t.dst.Mail = m
	}
	for _, t := range []struct {
		flag, url string
		dst       *notify.Transports
	}{{"--sms-url", mc.smsURL, &sn.Live}, {"--test-sms-url", mc.testSMSURL, &sn.Test}} {
		if t.url == "" {
			continue
		}
		p, err := notify.NewTwilio(t.url, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.flag, err)
		}
		t.dst.SMS = p
	}
	liveGuard := webhook.GuardPublic
	if cfg.webhookAllowPrivate {
		liveGuard = webhook.GuardLinkLocal
	}
	sn.FetchLive = webhook.NewClient(webhook.ClientConfig{Guard: liveGuard})
	sn.FetchTest = webhook.NewClient(webhook.ClientConfig{Guard: webhook.GuardLinkLocal})
	if (sn.Live.Mail != nil || sn.Test.Mail != nil) && mc.mailFrom == "" {
		log.Warn("--mail-from is not set: e-mails of merchants without a mail_from will fail")
	}
	return sn, nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func envInt(getenv func(string) string, name string, def int) int {
	if n, err := strconv.Atoi(getenv(name)); err == nil {
		return n
	}
	return def
}

func envDuration(getenv func(string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(name)); err == nil {
		return d
	}
	return def
}

func merchantsCmd(cfg *config, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "merchants", Short: "Manage merchants"}
	var name string
	var asJSON bool
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a merchant with test and live keys of every kind",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			engine, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			m, keys, err := engine.CreateMerchant(c.Context(), name)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(stdout).Encode(struct {
					ID   string     `json:"id"`
					Name string     `json:"name"`
					Keys keysOutput `json:"keys"`
				}{m.ID, m.Name, keysOutput{keys["sk_test"], keys["pk_test"], keys["py_test"], keys["sk_live"], keys["pk_live"], keys["py_live"]}})
			}
			fmt.Fprintf(stdout, "Created merchant %s (%s). Keys, shown only this once:\n", m.Name, m.ID)
			for _, k := range []string{"sk_test", "pk_test", "py_test", "sk_live", "pk_live", "py_live"} {
				fmt.Fprintf(stdout, "  %-8s %s\n", k, keys[k])
			}
			return nil
		},
	}
	create.Flags().StringVar(&name, "name", "", "merchant name (required)")
	create.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	create.MarkFlagRequired("name")

	list := &cobra.Command{
		Use:   "list",
		Short: "List every merchant (ids and names)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			engine, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			ms, err := engine.ListMerchants(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				type merchantJSON struct {
					ID      string `json:"id"`
					Name    string `json:"name"`
					Created int64  `json:"created"`
				}
				out := []merchantJSON{}
				for _, m := range ms {
					out = append(out, merchantJSON{m.ID, m.Name, m.Created.Unix()})
				}
				return json.NewEncoder(stdout).Encode(out)
			}
			for _, m := range ms {
				fmt.Fprintf(stdout, "%s  %s  (created %s)\n", m.ID, m.Name, m.Created.Format("2006-01-02"))
			}
			if len(ms) == 0 {
				fmt.Fprintln(stdout, "no merchants")
			}
			return nil
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	var id, walletList, timezone, dunningFinal string
	var contact domain.MerchantContact
	update := &cobra.Command{
		Use:   "update",
		Short: "Change a merchant's settings",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			engine, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			var settings domain.SubscriptionSettings
			if c.Flags().Changed("timezone") {
				settings.TimeZone = &timezone
			}
			if c.Flags().Changed("dunning-final") {
				settings.DunningFinal = &dunningFinal
			}
			contactChanged := c.Flags().Changed("email") || c.Flags().Changed("mail-from") || c.Flags().Changed("phone-numbers")
			if !c.Flags().Changed("wallets") && !contactChanged && !c.Flags().Changed("name") && settings == (domain.SubscriptionSettings{}) {
				return fmt.Errorf("nothing to change: give --name, --wallets, --timezone, --dunning-final, --email, --mail-from or --phone-numbers")
			}
			if c.Flags().Changed("name") {
				m, err := engine.RenameMerchant(c.Context(), id, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "merchant %s is now named %q\n", id, m.Name)
			}
			if settings != (domain.SubscriptionSettings{}) {
				m, err := engine.SetSubscriptionSettings(c.Context(), id, settings)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "merchant %s: time zone %s, dunning ends %s\n", id, m.TimeZone, m.DunningFinal)
			}
			if contactChanged {
				ms, err := engine.ListMerchants(c.Context())
				if err != nil {
					return err
				}
				cur := domain.MerchantContact{}
				for _, m := range ms {
					if m.ID == id {
						cur = m.MerchantContact
					}
				}
				for _, f := range []struct {
					flag     string
					dst, src *string
				}{{"email", &cur.Email, &contact.Email}, {"mail-from", &cur.MailFrom, &contact.MailFrom},
					{"phone-numbers", &cur.PhoneNumbers, &contact.PhoneNumbers}} {
					if c.Flags().Changed(f.flag) {
						*f.dst = strings.TrimSpace(*f.src)
					}
				}
				if err := engine.SetMerchantContact(c.Context(), id, cur); err != nil {
					return err
				}
				fmt.Fprintf(stdout, "merchant %s: reply-to %q, sender %q, phone numbers %q\n", id, cur.Email, cur.MailFrom, cur.PhoneNumbers)
			}
			if !c.Flags().Changed("wallets") {
				return nil
			}
			var ws []string
			for _, w := range strings.Split(walletList, ",") {
				if w = strings.ToUpper(strings.TrimSpace(w)); w != "" {
					ws = append(ws, w)
				}
			}
			if err := engine.SetWallets(c.Context(), id, ws); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "merchant %s offers wallets: %s\n", id, strings.Join(ws, ", "))
			return nil
		},
	}
	update.Flags().StringVar(&id, "id", "", "merchant id (required)")
	update.Flags().StringVar(&name, "name", "", "the business name customers see on pages, receipts and messages (1 to 100 characters)")
	update.Flags().StringVar(&walletList, "wallets", "", `wallets Paysley payment requests may offer: "APPLE_PAY,GOOGLE_PAY", one, or "" for none`)
	update.Flags().StringVar(&timezone, "timezone", "UTC", "IANA time zone of the merchant's subscription calendars, e.g. Europe/Paris")
	update.Flags().StringVar(&dunningFinal, "dunning-final", "past_due", "what a subscription becomes when its charge failed every retry: past_due or canceled")
	update.Flags().StringVar(&contact.Email, "email", "", "the merchant's address: the Reply-To of its e-mails")
	update.Flags().StringVar(&contact.MailFrom, "mail-from", "", "sender address of the merchant's e-mails (default: the server's --mail-from)")
	update.Flags().StringVar(&contact.PhoneNumbers, "phone-numbers", "", `numbers the merchant owns, comma-separated E.164: a payment request's merchant_phone_number may send from one`)
	update.MarkFlagRequired("id")
	cmd.AddCommand(create, list, update)
	return cmd
}

// keysOutput fixes the order of keys in "merchants create --json".
type keysOutput struct {
	SkTest string `json:"sk_test"`
	PkTest string `json:"pk_test"`
	PyTest string `json:"py_test"`
	SkLive string `json:"sk_live"`
	PkLive string `json:"pk_live"`
	PyLive string `json:"py_live"`
}

func keysCmd(cfg *config, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Manage a merchant's API keys"}
	var merchant, kind, mode, keyID string
	var grace time.Duration
	var asJSON bool

	withEngine := func(fn func(ctx context.Context, e *domain.Engine) error) func(*cobra.Command, []string) error {
		return func(c *cobra.Command, _ []string) error {
			e, s, err := openEngine(c.Context(), *cfg)
			if err != nil {
				return err
			}
			defer s.Close()
			return fn(c.Context(), e)
		}
	}
	printNew := func(nk domain.NewKey) error {
		if asJSON {
			return json.NewEncoder(stdout).Encode(map[string]string{"id": nk.Key.ID, "key": nk.Secret})
		}
		fmt.Fprintf(stdout, "%s %s\n(the key is shown only this once)\n", nk.Key.ID, nk.Secret)
		return nil
	}

	create := &cobra.Command{Use: "create", Short: "Create a key", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			if mode != "test" && mode != "live" {
				return fmt.Errorf("--mode must be test or live")
			}
			nk, err := e.CreateKey(ctx, merchant, domain.KeyKind(kind), mode == "live")
			if err != nil {
				return err
			}
			return printNew(nk)
		})}
	create.Flags().StringVar(&merchant, "merchant", "", "merchant id (required)")
	create.Flags().StringVar(&kind, "kind", "sk", "key kind: sk, pk or py")
	create.Flags().StringVar(&mode, "mode", "test", "test or live")
	create.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	create.MarkFlagRequired("merchant")

	list := &cobra.Command{Use: "list", Short: "List a merchant's keys and their audit trail", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			keys, err := e.ListKeys(ctx, merchant)
			if err != nil {
				return err
			}
			now := time.Now()
			if asJSON {
				type row struct {
					ID, Key, State string
					Created        time.Time
					ExpiresAt      *time.Time `json:",omitempty"`
				}
				out := []row{}
				for _, k := range keys {
					out = append(out, row{k.ID, k.Redacted(), keyState(k, now), k.Created, k.ExpiresAt})
				}
				return json.NewEncoder(stdout).Encode(out)
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tKEY\tSTATE\tCREATED")
			for _, k := range keys {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.ID, k.Redacted(), keyState(k, now), k.Created.Format(time.RFC3339))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			audit, err := e.KeyAudit(ctx, merchant)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, "\nAudit trail:")
			tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "WHEN\tKEY\tACTION\tDETAIL")
			for _, ev := range audit {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ev.Created.Format(time.RFC3339), ev.KeyID, ev.Action, ev.Detail)
			}
			return tw.Flush()
		})}
	list.Flags().StringVar(&merchant, "merchant", "", "merchant id (required)")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.MarkFlagRequired("merchant")

	roll := &cobra.Command{Use: "roll", Short: "Replace a key; the old one works for --grace, then stops", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			nk, err := e.RollKey(ctx, keyID, grace)
			if err != nil {
				return err
			}
			return printNew(nk)
		})}
	roll.Flags().StringVar(&keyID, "key", "", "id of the key to roll (required)")
	roll.Flags().DurationVar(&grace, "grace", 24*time.Hour, "how long the old key keeps working (0 stops it now)")
	roll.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	roll.MarkFlagRequired("key")

	revoke := &cobra.Command{Use: "revoke", Short: "Stop a key at once", Args: cobra.NoArgs,
		RunE: withEngine(func(ctx context.Context, e *domain.Engine) error {
			k, err := e.RevokeKey(ctx, keyID)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "revoked %s (%s)\n", k.ID, k.Redacted())
			return nil
		})}
	revoke.Flags().StringVar(&keyID, "key", "", "id of the key to revoke (required)")
	revoke.MarkFlagRequired("key")

	cmd.AddCommand(create, list, roll, revoke)
	return cmd
}

func keyState(k domain.APIKey, now time.Time) string {
	switch {
	case k.RevokedAt != nil:
		return "revoked"
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return "expired"
	case k.ExpiresAt != nil:
		return "rolled, works until " + k.ExpiresAt.Format(time.RFC3339)
	}
	return "active"
}
