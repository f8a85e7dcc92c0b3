//go:build tools

// Package tools keeps the language host's requirements in go.mod (never compiled).
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
