package auth

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/shcr/shcr/policy"
)

func TestMappingPresets(t *testing.T) {
	cis2 := func(roles ...map[string]any) jwt.MapClaims {
		list := make([]any, len(roles))
		for i, r := range roles {
			list[i] = r
		}
		return jwt.MapClaims{"sub": "555021935107", "name": "Dr Jane Example", "nhsid_nrbac_roles": list, "selected_roleid": "555021936103", "iss": "cis2", "jti": "j"}
	}
	nurseRole := map[string]any{"person_orgid": "1", "person_roleid": "555021936102", "org_code": "X2B02", "role_code": "S8000:G8000:R8001"}
	doctorRole := map[string]any{"person_orgid": "2", "person_roleid": "555021936103", "org_code": "X1A01", "role_code": "S8000:G8000:R8000"}
	tests := []struct {
		name    string
		mapping Mapping
		claims  jwt.MapClaims
		want    policy.Principal
		wantErr string
	}{
		{
			name:    "shcr claims",
			mapping: Mapping{},
			claims:  jwt.MapClaims{"sub": "u1", "role": "clinician", "org": "X1A01", "scope": "user/*.rs", "patient": "9990000018", "purpose_of_use": "TREAT", "client_id": "ehr"},
			want:    policy.Principal{UserID: "u1", Role: policy.RoleClinician, Organisation: "X1A01", Scopes: []string{"user/*.rs"}, Patient: "9990000018", Purpose: "TREAT", ClientID: "ehr"},
		},
		{
			name:    "CIS2 selected role",
			mapping: Mapping{Preset: "nhs-cis2", DefaultScopes: "user/*.rs"},
			claims:  cis2(nurseRole, doctorRole),
			want:    policy.Principal{UserID: "555021935107", Name: "Dr Jane Example", Role: policy.RoleClinician, Organisation: "X1A01", Scopes: []string{"user/*.rs"}, TokenID: "j", Issuer: "cis2"},
		},
		{
			name:    "CIS2 administrative role",
			mapping: Mapping{Preset: "nhs-cis2"},
			claims:  cis2(map[string]any{"person_roleid": "555021936103", "org_code": "X1A01", "role_code": "S8000:G8001:R8009"}),
			want:    policy.Principal{UserID: "555021935107", Name: "Dr Jane Example", Role: policy.RoleAdmin, Organisation: "X1A01", TokenID: "j", Issuer: "cis2"},
		},
		{
			name:    "CIS2 role mapped by configuration",
			mapping: Mapping{Preset: "nhs-cis2", RoleMap: map[string]policy.Role{"R1234": policy.RoleSocialCare}},
			claims:  cis2(map[string]any{"person_roleid": "555021936103", "org_code": "X3C03", "role_code": "S0010:G0020:R1234"}),
			want:    policy.Principal{UserID: "555021935107", Name: "Dr Jane Example", Role: policy.RoleSocialCare, Organisation: "X3C03", TokenID: "j", Issuer: "cis2"},
		},
		{
			name:    "CIS2 unknown national role",
			mapping: Mapping{Preset: "nhs-cis2"},
			claims:  cis2(map[string]any{"person_roleid": "555021936103", "org_code": "X1A01", "role_code": "S0:G0:R9999"}),
			wantErr: "role_map",
		},
		{
			name:    "CIS2 without roles",
			mapping: Mapping{Preset: "nhs-cis2"},
			claims:  jwt.MapClaims{"sub": "x"},
			wantErr: "nhsid_nrbac_roles",
		},
		{
			name:    "NHS login",
			mapping: Mapping{Preset: "nhs-login", DefaultScopes: "patient/*.rs"},
			claims:  jwt.MapClaims{"sub": "nhslogin-1", "nhs_number": "9990000018", "identity_proofing_level": "P9", "given_name": "Ann", "family_name": "Smith"},
			want:    policy.Principal{UserID: "nhslogin-1", Name: "Ann Smith", Role: policy.RolePatient, Patient: "9990000018", IdentityLevel: "P9", Scopes: []string{"patient/*.rs"}},
		},
		{
			name:    "NHS login level from vot",
			mapping: Mapping{Preset: "nhs-login"},
			claims:  jwt.MapClaims{"sub": "nhslogin-1", "nhs_number": "9990000018", "vot": "P5.Cp.Cd"},
			want:    policy.Principal{UserID: "nhslogin-1", Role: policy.RolePatient, Patient: "9990000018", IdentityLevel: "P5"},
		},
		{
			name:    "NHS login without an NHS number",
			mapping: Mapping{Preset: "nhs-login"},
			claims:  jwt.MapClaims{"sub": "nhslogin-1"},
			wantErr: "nhs_number",
		},
		{
			name:    "no subject",
			mapping: Mapping{},
			claims:  jwt.MapClaims{"role": "clinician"},
			wantErr: "sub",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.mapping.principal(tt.claims)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrInvalidToken) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want ErrInvalidToken mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("principal = %+v\nwant        %+v", got, tt.want)
			}
		})
	}
}
