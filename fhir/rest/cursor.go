package rest

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"github.com/go-json-experiment/json"
)

// cursor is the state of a paged search, carried by the client in the page
// links rather than kept by the server (DESIGN §3, stateless paging). It
// is a keyset position in the view's merged order (federation.Order) and a
// direction: the next page holds the matches after the position, the
// previous page the matches just before it. The position is the sort key
// values of a match (search.SortValue strings), its type and federated id,
// so a page never repeats or skips a match while the sources are
// unchanged, even when a source that failed on one page answers on the
// next. It holds no clinical content and no patient identifier beyond
// those sort values: the query it is bound to is a hash, and the whole
// cursor is sealed (see cursorCodec), so the client can neither read nor
// alter it.
//
// DESIGN §3 speaks of per-source positions; one position in the merged
// order is equivalent here, and sturdier. Every page asks every source
// again for all of its matches — a source cannot be paged lazily, because
// it cannot sort by keys read from the federated view with ties broken by
// federated id — so the merged order is rebuilt whole each time and the
// one position says exactly where each source's part resumes. Per-source
// offsets would shift whenever a source failed on one page and answered on
// the next, or added a record.
type cursor struct {
	// Dir is "n" for the page after the position and "p" for the page
	// before it.
	Dir string `json:"r"`
	// Keys, Type and ID are the position of a match: its sort key values,
	// type and federated id.
	Keys []string `json:"k,omitzero"`
	Type string   `json:"t,omitzero"`
	ID   string   `json:"i,omitzero"`
	// Edge is "s" for the position before every match (where the merged
	// Patient that leads $everything sits) or "e" for the one after every
	// match; "" for a match's position.
	Edge string `json:"e,omitzero"`
	// Query is a hash of the search it belongs to, User a hash of the user
	// it was issued to.
	Query []byte `json:"q"`
	User  []byte `json:"u"`
	// Expires is a Unix time.
	Expires int64 `json:"x"`
}

// Cursor directions and edges.
const (
	dirNext   = "n"
	dirPrev   = "p"
	edgeStart = "s"
	edgeEnd   = "e"
)

// Errors a cursor can fail with; the handler turns them into 400 or 403.
var (
	errCursorInvalid = errors.New("the page link is not valid: it was altered or belongs to another server; repeat the search")
	errCursorExpired = errors.New("the page link has expired; repeat the search")
	errCursorQuery   = errors.New("the page link belongs to a different search; repeat the search")
	errCursorUser    = errors.New("the page link was issued to another user")
)

// maxCursor bounds a cursor token: a few sort values (strings are cut to
// 128 bytes) and the bindings fit well within it, and URLs stay short
// enough for proxies.
const maxCursor = 4096

// cursorCodec seals and opens cursors with AES-256-GCM under a key
// derived from the cursor secret that every replica shares (so any replica
// can serve any page). Sealing rather than only signing keeps the sort
// values of the position — a date, a code — out of anything that records
// URLs; the tag still refuses any altered cursor.
type cursorCodec struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

func bindHash(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)[:16]
}

// aead is the cipher cursors are sealed with; its key is derived from the
// secret, so the secret itself is never an AES key and the binding hashes
// use it for nothing else.
func (c cursorCodec) aead() (cipher.AEAD, error) {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("shcr page cursor AES-256-GCM key v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// cursorAD is the additional data every sealed cursor authenticates: it
// names the format, so a future format cannot be confused with this one.
var cursorAD = []byte("shcr page cursor v1")

func (c cursorCodec) seal(cur cursor, query, user string) (string, error) {
	cur.Query = bindHash(c.key, "query", query)
	cur.User = bindHash(c.key, "user", user)
	cur.Expires = c.now().Add(c.ttl).Unix()
	body, err := json.Marshal(cur)
	if err != nil {
		return "", err
	}
	aead, err := c.aead()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(body)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, body, cursorAD)), nil
}

func (c cursorCodec) open(token, query, user string) (cursor, error) {
	var cur cursor
	if len(token) > maxCursor {
		return cur, errCursorInvalid
	}
	sealed, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return cur, errCursorInvalid
	}
	aead, err := c.aead()
	if err != nil {
		return cur, err
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return cur, errCursorInvalid
	}
	body, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], cursorAD)
	if err != nil {
		return cur, errCursorInvalid
	}
	if err := json.Unmarshal(body, &cur); err != nil || (cur.Dir != dirNext && cur.Dir != dirPrev) {
		return cur, errCursorInvalid
	}
	if c.now().Unix() > cur.Expires {
		return cur, errCursorExpired
	}
	if !hmac.Equal(cur.User, bindHash(c.key, "user", user)) {
		return cur, errCursorUser
	}
	if !hmac.Equal(cur.Query, bindHash(c.key, "query", query)) {
		return cur, errCursorQuery
	}
	return cur, nil
}
