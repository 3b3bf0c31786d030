package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// samlKeyPair reads kui's SAML service-provider key pair from the PEM
// files KUI_SAML_KEY_FILE (an RSA private key of at least 2048 bits: PKCS
// #8 or PKCS #1) and KUI_SAML_CERT_FILE (its certificate). Neither set: SAML is
// off (nil, nil, nil). One without the other, a file that cannot be read
// or parsed, or a certificate for another key is an error: kui must not
// start believing it can sign what it cannot.
func samlKeyPair(getenv func(string) string) (crypto.Signer, *x509.Certificate, error) {
	keyFile, certFile := getenv("KUI_SAML_KEY_FILE"), getenv("KUI_SAML_CERT_FILE")
	switch {
	case keyFile == "" && certFile == "":
		return nil, nil, nil
	case keyFile == "":
		return nil, nil, errors.New("KUI_SAML_CERT_FILE is set but KUI_SAML_KEY_FILE is not: SAML needs both")
	case certFile == "":
		return nil, nil, errors.New("KUI_SAML_KEY_FILE is set but KUI_SAML_CERT_FILE is not: SAML needs both")
	}
	key, err := readSAMLKey(keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("KUI_SAML_KEY_FILE: %w", err)
	}
	cert, err := readSAMLCert(certFile)
	if err != nil {
		return nil, nil, fmt.Errorf("KUI_SAML_CERT_FILE: %w", err)
	}
	pub, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(key.Public()) {
		return nil, nil, errors.New("KUI_SAML_CERT_FILE is not the certificate of the key in KUI_SAML_KEY_FILE")
	}
	return key, cert, nil
}

// pemBlock reads the first PEM block of the given types from file.
func pemBlock(file string, types ...string) (*pem.Block, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return nil, fmt.Errorf("%s: no PEM block of type %v", file, types)
		}
		for _, t := range types {
			if b.Type == t {
				return b, nil
			}
		}
	}
}

func readSAMLKey(file string) (crypto.Signer, error) {
	b, err := pemBlock(file, "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	var key any
	switch b.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(b.Bytes)
	default:
		key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: not a signing key", file)
	}
	// kui signs its requests with RSA-SHA256 and decrypts assertions with
	// the same key, which XML encryption allows only for RSA.
	k, ok := signer.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an RSA key; kui's SAML key must be RSA", file)
	}
	if k.N.BitLen() < 2048 {
		return nil, fmt.Errorf("%s: an RSA key of %d bits; SAML needs at least 2048", file, k.N.BitLen())
	}
	return signer, nil
}

func readSAMLCert(file string) (*x509.Certificate, error) {
	b, err := pemBlock(file, "CERTIFICATE")
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return cert, nil
}

// devSAMLKeyPair is `kui dev`'s SAML key pair: saml-key.pem and
// saml-cert.pem in dir (.data/), made once (RSA 2048, self-signed, ten
// years) and read at every later start, so the demo SAML provider's copy
// of kui's metadata stays valid. It returns the files' paths, to set as
// KUI_SAML_KEY_FILE and KUI_SAML_CERT_FILE, and the pair itself.
func devSAMLKeyPair(dir string) (keyFile, certFile string, key crypto.Signer, cert *x509.Certificate, err error) {
	keyFile, certFile = filepath.Join(dir, "saml-key.pem"), filepath.Join(dir, "saml-cert.pem")
	_, errKey := os.Stat(keyFile)
	_, errCert := os.Stat(certFile)
	if errors.Is(errKey, os.ErrNotExist) || errors.Is(errCert, os.ErrNotExist) {
		if err := writeDevSAMLKeyPair(dir, keyFile, certFile); err != nil {
			return "", "", nil, nil, err
		}
	}
	files := map[string]string{"KUI_SAML_KEY_FILE": keyFile, "KUI_SAML_CERT_FILE": certFile}
	key, cert, err = samlKeyPair(func(name string) string { return files[name] })
	return keyFile, certFile, key, cert, err
}

func writeDevSAMLKeyPair(dir, keyFile, certFile string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "kui dev SAML service provider"},
		NotBefore:    now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	if err != nil {
		return err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}
