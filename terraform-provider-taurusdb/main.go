// Command terraform-provider-taurusdb serves the taurusdb provider to Terraform and OpenTofu
// (plugin protocol 6).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/taurusdb-replication/taurusdb-replication/terraform-provider-taurusdb/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0"

func main() {
	debug := flag.Bool("debug", false, "serve for a debugger (prints TF_REATTACH_PROVIDERS)")
	flag.Parse()
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/taurusdb/taurusdb",
		Debug:           *debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
