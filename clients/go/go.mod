module github.com/taurusdb-replication/taurusdb-replication/clients/go

go 1.24.0

require (
	github.com/oapi-codegen/runtime v1.8.0
	golang.org/x/net v0.48.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	golang.org/x/text v0.32.0 // indirect
)
