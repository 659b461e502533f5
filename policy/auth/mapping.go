package auth

import (
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy"
)

// Mapping turns a verified token's claims into a Principal. Presets:
//
//   - "shcr" (default): shcr's own claims — sub, name, role (a shcr role),
//     org (ODS code), scope, patient (launch context NHS number),
//     purpose_of_use, client_id, identity_level.
//   - "nhs-cis2": NHS Care Identity Service 2 — sub, name, and the selected
//     entry of nhsid_nrbac_roles (the one whose person_roleid is
//     selected_roleid, else the first): its org_code is the organisation,
//     and the national RBAC job role code (the R code at the end of
//     role_code, e.g. R8000) is mapped to a shcr role.
//   - "nhs-login": NHS login patients — sub, nhs_number, the name claims,
//     and identity_proofing_level (or the P level at the start of vot).
//     The role is always patient.
//
// Tokens without SMART scopes get DefaultScopes; tokens without a purpose
// of use are read as TREAT by the policy.
type Mapping struct {
	Preset string `yaml:"preset"`
	// RoleMap maps national RBAC job role codes to shcr roles, on top of
	// the preset's defaults (nhs-cis2).
	RoleMap map[string]policy.Role `yaml:"role_map"`
	// DefaultScopes are granted when a token carries no scope claim, e.g.
	// "user/*.rs" for CIS2 tokens, which carry none.
	DefaultScopes string `yaml:"default_scopes"`
}

// DefaultRoleMap is how national RBAC job roles map to shcr roles: the
// clinical access roles to clinician, the administrative ones to admin, the
// privacy and information roles to ig-officer, and the community social
// care worker to social-care.
func DefaultRoleMap() map[string]policy.Role {
	return map[string]policy.Role{
		"R8000": policy.RoleClinician,  // Clinical Practitioner Access Role
		"R8001": policy.RoleClinician,  // Nurse Access Role
		"R8003": policy.RoleClinician,  // Health Professional Access Role
		"R8004": policy.RoleClinician,  // Healthcare Student Access Role
		"R8006": policy.RoleAdmin,      // Medical Secretary Access Role
		"R8008": policy.RoleAdmin,      // Admin/Clinical Support Access Role
		"R8009": policy.RoleAdmin,      // Receptionist Access Role
		"R8010": policy.RoleAdmin,      // Clerical Access Role
		"R0001": policy.RoleIGOfficer,  // Privacy Officer
		"R5105": policy.RoleIGOfficer,  // Caldicott Guardian
		"R8012": policy.RoleIGOfficer,  // Information Officer Access Role
		"R0243": policy.RoleSocialCare, // Other Community Health Service - Social Care Worker
	}
}

func (m Mapping) validate() error {
	switch m.Preset {
	case "", "shcr", "nhs-cis2", "nhs-login":
	default:
		return fmt.Errorf("auth.claims.preset: %q must be shcr, nhs-cis2 or nhs-login", m.Preset)
	}
	for code, r := range m.RoleMap {
		if !r.Valid() {
			return fmt.Errorf("auth.claims.role_map: %s maps to %q, which is not a role", code, r)
		}
	}
	return nil
}

func str(c jwt.MapClaims, name string) string {
	s, _ := c[name].(string)
	return s
}

// principal maps verified claims.
func (m Mapping) principal(c jwt.MapClaims) (policy.Principal, error) {
	p := policy.Principal{
		UserID:   str(c, "sub"),
		Name:     str(c, "name"),
		Scopes:   strings.Fields(str(c, "scope")),
		Purpose:  str(c, "purpose_of_use"),
		ClientID: str(c, "client_id"),
		TokenID:  str(c, "jti"),
		Issuer:   str(c, "iss"),
	}
	if p.ClientID == "" {
		p.ClientID = str(c, "azp")
	}
	if p.UserID == "" {
		return p, fmt.Errorf("%w: the token has no subject (sub)", ErrInvalidToken)
	}
	switch m.Preset {
	case "nhs-cis2":
		role, org, err := m.cis2Role(c)
		if err != nil {
			return p, err
		}
		p.Role, p.Organisation = role, org
	case "nhs-login":
		p.Role = policy.RolePatient
		p.Patient = str(c, "nhs_number")
		if p.Patient == "" {
			return p, fmt.Errorf("%w: an NHS login token must carry nhs_number", ErrInvalidToken)
		}
		p.IdentityLevel = str(c, "identity_proofing_level")
		if p.IdentityLevel == "" {
			p.IdentityLevel, _, _ = strings.Cut(str(c, "vot"), ".")
		}
		if p.Name == "" {
			p.Name = strings.TrimSpace(str(c, "given_name") + " " + str(c, "family_name"))
		}
	default:
		p.Role = policy.Role(str(c, "role"))
		p.Organisation = str(c, "org")
		p.Patient = str(c, "patient")
		p.IdentityLevel = str(c, "identity_level")
	}
	if !p.Role.Valid() {
		return p, fmt.Errorf("%w: role %q is not one of clinician, social-care, admin, patient, carer, ig-officer, system", ErrInvalidToken, truncate(string(p.Role), 32))
	}
	if len(p.Scopes) == 0 {
		p.Scopes = strings.Fields(m.DefaultScopes)
	}
	if len(p.Scopes) == 0 {
		p.Scopes = nil
	}
	return p, nil
}

// cis2Role reads the selected national RBAC role.
func (m Mapping) cis2Role(c jwt.MapClaims) (policy.Role, string, error) {
	roles, _ := c["nhsid_nrbac_roles"].([]any)
	if len(roles) == 0 {
		return "", "", fmt.Errorf("%w: the CIS2 token carries no nhsid_nrbac_roles", ErrInvalidToken)
	}
	selected := str(c, "selected_roleid")
	entry, _ := roles[0].(map[string]any)
	for _, r := range roles {
		if e, ok := r.(map[string]any); ok && selected != "" && e["person_roleid"] == selected {
			entry = e
		}
	}
	code, _ := entry["role_code"].(string)
	if i := strings.LastIndexByte(code, ':'); i >= 0 {
		code = code[i+1:]
	}
	org, _ := entry["org_code"].(string)
	role, ok := m.RoleMap[code]
	if !ok {
		role, ok = DefaultRoleMap()[code]
	}
	if !ok {
		return "", "", fmt.Errorf("%w: national role %q has no shcr role; map it in auth.claims.role_map", ErrInvalidToken, truncate(code, 16))
	}
	return role, org, nil
}
