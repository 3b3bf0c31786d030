package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writePEM writes one PEM block to a file in dir and returns its path.
func writePEM(t *testing.T, dir, name, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func selfSigned(t *testing.T, key crypto.Signer, signer any) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kui test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestSAMLKeyPair(t *testing.T) {
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	ecDER, _ := x509.MarshalECPrivateKey(ecKey)
	smallKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"pkcs8":    writePEM(t, dir, "key8.pem", "PRIVATE KEY", pkcs8),
		"pkcs1":    writePEM(t, dir, "key1.pem", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey)),
		"ec":       writePEM(t, dir, "ec.pem", "EC PRIVATE KEY", ecDER),
		"small":    writePEM(t, dir, "small.pem", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(smallKey)),
		"cert":     writePEM(t, dir, "cert.pem", "CERTIFICATE", selfSigned(t, rsaKey, rsaKey)),
		"ecCert":   writePEM(t, dir, "eccert.pem", "CERTIFICATE", selfSigned(t, ecKey, ecKey)),
		"other":    writePEM(t, dir, "other.pem", "CERTIFICATE", selfSigned(t, otherKey, otherKey)),
		"notPEM":   filepath.Join(dir, "garbage.pem"),
		"missing":  filepath.Join(dir, "missing.pem"),
		"certOnly": writePEM(t, dir, "certasKey.pem", "CERTIFICATE", selfSigned(t, rsaKey, rsaKey)),
	}
	if err := os.WriteFile(files["notPEM"], []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(key, cert string) func(string) string {
		return func(name string) string {
			switch name {
			case "KUI_SAML_KEY_FILE":
				return files[key]
			case "KUI_SAML_CERT_FILE":
				return files[cert]
			}
			return ""
		}
	}

	t.Run("neither set: SAML is off", func(t *testing.T) {
		key, cert, err := samlKeyPair(env("", ""))
		if key != nil || cert != nil || err != nil {
			t.Fatalf("got %v, %v, %v; want nil, nil, nil", key, cert, err)
		}
	})
	for _, tc := range []struct{ name, key, cert string }{
		{"PKCS #8 RSA key", "pkcs8", "cert"},
		{"PKCS #1 RSA key", "pkcs1", "cert"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, cert, err := samlKeyPair(env(tc.key, tc.cert))
			if err != nil || key == nil || cert == nil {
				t.Fatalf("got %v, %v, %v", key, cert, err)
			}
		})
	}
	for _, tc := range []struct{ name, key, cert, want string }{
		{"only the key", "pkcs8", "", "KUI_SAML_CERT_FILE is not"},
		{"only the certificate", "", "cert", "KUI_SAML_KEY_FILE is not"},
		{"key file missing", "missing", "cert", "KUI_SAML_KEY_FILE"},
		{"cert file missing", "pkcs8", "missing", "KUI_SAML_CERT_FILE"},
		{"key not PEM", "notPEM", "cert", "no PEM block"},
		{"a certificate as the key", "certOnly", "cert", "no PEM block"},
		{"certificate of another key", "pkcs8", "other", "is not the certificate of the key"},
		{"RSA key too small", "small", "cert", "at least 2048"},
		{"an ECDSA key", "ec", "ecCert", "not an RSA key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, cert, err := samlKeyPair(env(tc.key, tc.cert))
			if err == nil || key != nil || cert != nil {
				t.Fatalf("got %v, %v, %v; want an error", key, cert, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestDevSAMLKeyPairIsMadeOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".data")
	keyFile, certFile, key, cert, err := devSAMLKeyPair(dir)
	if err != nil {
		t.Fatal(err)
	}
	if key == nil || cert == nil {
		t.Fatal("no key pair")
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", fi, err)
	}
	_, _, _, again, err := devSAMLKeyPair(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Equal(cert) {
		t.Fatal("a second start made a new certificate")
	}
	if _, _, err := samlKeyPair(func(n string) string {
		return map[string]string{"KUI_SAML_KEY_FILE": keyFile, "KUI_SAML_CERT_FILE": certFile}[n]
	}); err != nil {
		t.Fatal(err)
	}
}
