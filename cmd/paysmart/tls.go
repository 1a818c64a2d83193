package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tlsConfig is what serve speaks HTTPS with: TLS 1.2 and later, and for
// TLS 1.2 only forward-secret AEAD suites (TLS 1.3's are all fine and not
// configurable). HTTP/2 is negotiated by net/http on top.
func tlsConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
		NextProtos: []string{"h2", "http/1.1"},
	}
}

// loadTLS returns serve's certificate: the operator's files, or with
// selfSigned one made for local use and kept in dir (created on first use,
// made again when it has expired). ok is false when serve speaks plain HTTP.
func loadTLS(certFile, keyFile string, selfSigned bool, dir, host string) (cert tls.Certificate, ok bool, err error) {
	switch {
	case certFile != "" || keyFile != "":
		if certFile == "" || keyFile == "" || selfSigned {
			return cert, false, errors.New("give --tls-cert and --tls-key together, or --tls-self-signed alone")
		}
		cert, err = tls.LoadX509KeyPair(certFile, keyFile)
		return cert, err == nil, err
	case !selfSigned:
		return cert, false, nil
	}
	certFile, keyFile = filepath.Join(dir, "paysmart-tls-cert.pem"), filepath.Join(dir, "paysmart-tls-key.pem")
	if cert, err = tls.LoadX509KeyPair(certFile, keyFile); err == nil && cert.Leaf != nil && time.Now().Before(cert.Leaf.NotAfter) {
		return cert, true, nil
	}
	if err := writeSelfSigned(certFile, keyFile, host); err != nil {
		return cert, false, err
	}
	cert, err = tls.LoadX509KeyPair(certFile, keyFile)
	return cert, err == nil, err
}

// writeSelfSigned makes a P-256 certificate for localhost, the loopback
// addresses and host, valid for a year.
func writeSelfSigned(certFile, keyFile, host string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "PaySmart local"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if host = strings.Trim(host, "[]"); host != "" && host != "localhost" {
		if ip := net.ParseIP(host); ip != nil {
			if !ip.IsUnspecified() && !ip.IsLoopback() {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			}
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, host)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return fmt.Errorf("self-signed TLS key: %w", err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return fmt.Errorf("self-signed TLS certificate: %w", err)
	}
	return nil
}

// fingerprint is a certificate's SHA-256 fingerprint as browsers and
// `openssl x509 -fingerprint -sha256` show it.
func fingerprint(cert tls.Certificate) string {
	sum := sha256.Sum256(cert.Certificate[0])
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}
