// Package policy decides who may see what through the shared care record:
// the authenticated Principal, and (in later work) the Decider with its
// constraints and obligations (DESIGN §2, §5). Deny is a Decision, not an
// error.
package policy

// Role is what a user does, which bounds what they may see.
type Role string

// The roles of DESIGN §4.
const (
	RoleClinician  Role = "clinician"
	RoleSocialCare Role = "social-care"
	RoleAdmin      Role = "admin"
	RolePatient    Role = "patient"
	RoleCarer      Role = "carer"
	RoleIGOfficer  Role = "ig-officer"
	RoleSystem     Role = "system"
)

// Roles lists every role, in a fixed order.
func Roles() []Role {
	return []Role{RoleClinician, RoleSocialCare, RoleAdmin, RolePatient, RoleCarer, RoleIGOfficer, RoleSystem}
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, k := range Roles() {
		if r == k {
			return true
		}
	}
	return false
}

// Principal is who is asking, as established from their access token. It is
// a value: copying it is safe.
type Principal struct {
	// UserID identifies the person (or system) at their identity provider.
	UserID string
	// Name is the person's display name, shown to patients in their access
	// log.
	Name string
	Role Role
	// Organisation is the ODS code of the organisation the user acts for.
	Organisation string
	// Scopes are the SMART v2 scopes granted.
	Scopes []string
	// Patient is the NHS number of the patient in the token's launch
	// context, or of the patient themself for a patient token.
	Patient string
	// Purpose is the declared purpose of use (e.g. TREAT).
	Purpose string
	// ClientID is the OAuth client the token was issued to.
	ClientID string
	// TokenID is the token's jti, for correlating audit records.
	TokenID string
	// Issuer is the token's iss.
	Issuer string
	// IdentityLevel is how well a patient's identity was proven (NHS login
	// P0, P5 or P9); "" when the token does not say.
	IdentityLevel string
	// Via are the shared care records the request came through, oldest
	// first, this one last: a request from another shared care record
	// carries its path so it can never loop.
	Via []string
	// OnBehalfOf is the person a system principal asks for: the user of
	// another shared care record, who the audit trail names.
	OnBehalfOf *Requester
}

// Requester is the end user behind a request a system makes for them.
type Requester struct {
	UserID, Name, Role, Org string
}
