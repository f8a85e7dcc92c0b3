//go:build tools

// Package tools is never compiled: the build tag keeps these blank imports
// out of every build, while `go mod tidy` still sees them and so keeps the
// Pulumi requirements (and their go.sum lines) in this module.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/common/version"
)
