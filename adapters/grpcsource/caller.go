package grpcsource

import (
	"context"
	"fmt"
	"net/url"

	"google.golang.org/grpc/metadata"

	"github.com/shcr/shcr/adapters"
)

// The metadata keys that carry the caller (adapters.Caller) from the
// facade to the node, which puts it back into the context of its own
// source, so a FHIR server behind the node sees the same X-Request-User-*
// headers as one the facade reached directly. Each is sent only when the
// caller has a value for it. Values are percent-encoded UTF-8 (as
// url.PathEscape writes them), because gRPC metadata that is not binary
// must be printable ASCII and a user's name need not be.
const (
	// MetadataUserID carries Caller.UserID.
	MetadataUserID = "x-shcr-user-id"
	// MetadataUserName carries Caller.Name.
	MetadataUserName = "x-shcr-user-name"
	// MetadataUserRole carries Caller.Role.
	MetadataUserRole = "x-shcr-user-role"
	// MetadataUserOrg carries Caller.Org, an ODS code.
	MetadataUserOrg = "x-shcr-user-org"
	// MetadataPurpose carries Caller.Purpose, e.g. TREAT.
	MetadataPurpose = "x-shcr-purpose"
	// MetadataRequestID carries Caller.RequestID.
	MetadataRequestID = "x-shcr-request-id"
)

// maxCallerValue caps one decoded caller value; a longer one is refused
// rather than passed on to the organisation's system.
const maxCallerValue = 512

// callerFields pairs each metadata key with its Caller field.
func callerFields(c *adapters.Caller) []struct {
	key string
	val *string
} {
	return []struct {
		key string
		val *string
	}{
		{MetadataUserID, &c.UserID},
		{MetadataUserName, &c.Name},
		{MetadataUserRole, &c.Role},
		{MetadataUserOrg, &c.Org},
		{MetadataPurpose, &c.Purpose},
		{MetadataRequestID, &c.RequestID},
	}
}

// outgoingCaller adds the Caller in ctx, if any, to the outgoing metadata.
func outgoingCaller(ctx context.Context) context.Context {
	c, ok := adapters.CallerFromContext(ctx)
	if !ok {
		return ctx
	}
	var kv []string
	for _, f := range callerFields(&c) {
		if *f.val != "" {
			kv = append(kv, f.key, url.PathEscape(*f.val))
		}
	}
	if len(kv) == 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, kv...)
}

// incomingCaller reads the Caller from the incoming metadata. ok is false
// when the request carries none. A value that is not valid percent-encoding
// or is too long is an error, which the node answers with InvalidArgument.
func incomingCaller(ctx context.Context) (c adapters.Caller, ok bool, err error) {
	md, _ := metadata.FromIncomingContext(ctx)
	for _, f := range callerFields(&c) {
		vs := md.Get(f.key)
		if len(vs) == 0 {
			continue
		}
		if len(vs) > 1 {
			return adapters.Caller{}, false, fmt.Errorf("metadata %s appears %d times", f.key, len(vs))
		}
		v, err := url.PathUnescape(vs[0])
		if err != nil {
			return adapters.Caller{}, false, fmt.Errorf("metadata %s is not percent-encoded", f.key)
		}
		if len(v) > maxCallerValue {
			return adapters.Caller{}, false, fmt.Errorf("metadata %s is longer than %d bytes", f.key, maxCallerValue)
		}
		*f.val, ok = v, true
	}
	return c, ok, nil
}
