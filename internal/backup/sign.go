package backup

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SignatureName is the signature's file name, next to the manifest in the
// data folder and so in every backup.
const SignatureName = "kopilka-manifest.sig"

// KeyFileName is the backup key's file name; by default it lies next to
// the data folder, never inside it, so that no backup carries it.
const KeyFileName = "kopilka-backup.key"

// KeyFileEnv names the environment variable that gives the key file's path
// (the commands' --backup-key flag wins over it).
const KeyFileEnv = "KOPILKA_BACKUP_KEY_FILE"

// keySize is the length of a new key in bytes; shorter keys are refused.
const keySize = 32

// KeyPath is where the backup key is read: flag if given, else
// $KOPILKA_BACKUP_KEY_FILE, else kopilka-backup.key beside the data folder.
func KeyPath(dataDir, flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv(KeyFileEnv); env != "" {
		return env
	}
	return filepath.Join(filepath.Dir(filepath.Clean(dataDir)), KeyFileName)
}

// ErrNoKey is returned (wrapped) by LoadKey when the key file is missing.
var ErrNoKey = errors.New("no backup key")

// LoadKey reads the key file: 64 hex digits (32 bytes), surrounding
// whitespace ignored.
func LoadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoKey, path)
	}
	if err != nil {
		return nil, fmt.Errorf("backup key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) < keySize {
		return nil, fmt.Errorf("backup key %s: not a kopilka backup key (want at least %d hex digits)", path, 2*keySize)
	}
	return key, nil
}

// LoadOrCreateKey reads the key file, or makes a new random key there
// (mode 0600) when there is none; created tells which.
func LoadOrCreateKey(path string) (key []byte, created bool, err error) {
	key, err = LoadKey(path)
	if !errors.Is(err, ErrNoKey) {
		return key, false, err
	}
	key = make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	// O_EXCL: two processes making the first backup at once must not
	// write two different keys
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		key, err = LoadKey(path)
		return key, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("backup key: %w", err)
	}
	return key, true, nil
}

// KeyID names a key without revealing it, so that a refusal can tell
// "signed with another key" from "forged".
func KeyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("kopilka backup key id"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// Signature is the content of the signature file.
type Signature struct {
	Algorithm string `json:"algorithm"` // always HMAC-SHA256
	KeyID     string `json:"key_id"`
	MAC       string `json:"mac"` // hex HMAC-SHA256 of the manifest file's bytes
}

const algorithm = "HMAC-SHA256"

// Sign signs the manifest file's exact bytes.
func Sign(key, manifest []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(manifest)
	data, _ := json.MarshalIndent(Signature{Algorithm: algorithm, KeyID: KeyID(key), MAC: hex.EncodeToString(m.Sum(nil))}, "", " ")
	return append(data, '\n')
}

// Verify checks the signature file's bytes against the manifest file's
// bytes with key.
func Verify(key, manifest, signature []byte) error {
	var s Signature
	if err := json.Unmarshal(signature, &s); err != nil {
		return fmt.Errorf("the signature file is unreadable: %v", err)
	}
	if s.Algorithm != algorithm {
		return fmt.Errorf("the signature uses %q, not %s", s.Algorithm, algorithm)
	}
	mac, err := hex.DecodeString(s.MAC)
	if err != nil {
		return errors.New("the signature file is unreadable: the MAC is not hex")
	}
	m := hmac.New(sha256.New, key)
	m.Write(manifest)
	if hmac.Equal(mac, m.Sum(nil)) {
		return nil
	}
	if id := KeyID(key); s.KeyID != id {
		return fmt.Errorf("the signature names another key (key id %s; this key's id is %s)", s.KeyID, id)
	}
	return errors.New("the signature does not match the manifest: the manifest was changed after signing")
}
