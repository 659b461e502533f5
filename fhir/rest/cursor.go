package rest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
)

// cursor is the state of a paged search, carried by the client in the next
// link rather than kept by the server (DESIGN §3, stateless paging). It is
// a keyset position: the sort key of the last match already sent, so a page
// never repeats or skips a match while the sources are unchanged, even when
// a source that failed on one page answers on the next. It holds no clinical
// content and no patient identifier: the query it is bound to is a hash.
type cursor struct {
	// After is the sort key of the last match sent: its clinical date
	// (RFC 3339, "" for none), type and federated id.
	AfterDate string `json:"d,omitzero"`
	AfterType string `json:"t"`
	AfterID   string `json:"i"`
	// Begin means the next page starts at the first match: the previous
	// page held only the Patient.
	Begin bool `json:"b,omitzero"`
	// Query is a hash of the search it belongs to, User a hash of the user
	// it was issued to.
	Query []byte `json:"q"`
	User  []byte `json:"u"`
	// Expires is a Unix time.
	Expires int64 `json:"x"`
}

// Errors a cursor can fail with; the handler turns them into 400 or 403.
var (
	errCursorInvalid = errors.New("the page link is not valid: it was altered or belongs to another server; repeat the search")
	errCursorExpired = errors.New("the page link has expired; repeat the search")
	errCursorQuery   = errors.New("the page link belongs to a different search; repeat the search")
	errCursorUser    = errors.New("the page link was issued to another user")
)

// cursorCodec seals and opens cursors with an HMAC key shared by every
// replica (so any replica can serve any page).
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

func (c cursorCodec) seal(cur cursor, query, user string) (string, error) {
	cur.Query = bindHash(c.key, "query", query)
	cur.User = bindHash(c.key, "user", user)
	cur.Expires = c.now().Add(c.ttl).Unix()
	body, err := json.Marshal(cur)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, c.key)
	mac.Write(body)
	return base64.RawURLEncoding.EncodeToString(body) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

func (c cursorCodec) open(token, query, user string) (cursor, error) {
	var cur cursor
	b64, sig64, ok := strings.Cut(token, ".")
	if !ok || len(token) > 4096 {
		return cur, errCursorInvalid
	}
	body, err1 := base64.RawURLEncoding.DecodeString(b64)
	sig, err2 := base64.RawURLEncoding.DecodeString(sig64)
	if err1 != nil || err2 != nil {
		return cur, errCursorInvalid
	}
	mac := hmac.New(sha256.New, c.key)
	mac.Write(body)
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return cur, errCursorInvalid
	}
	if err := json.Unmarshal(body, &cur); err != nil {
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
