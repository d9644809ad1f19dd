// gcfg_oracle reads a file with Go's gopkg.in/gcfg.v1 (the parser Posit Connect uses) and prints
// what Connect would see of its [Python] section as JSON, or {"error": "..."} with exit status 1.
//
// Build: GOPATH=/usr/share/gocode GO111MODULE=off go build -o gcfg-oracle gcfg_oracle.go
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/gcfg.v1"
)

type config struct {
	Python struct {
		Enabled               bool
		Executable            []string
		VersionMatching       string
		EnvironmentManagement string
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gcfg-oracle FILE")
		os.Exit(2)
	}
	var cfg config
	err := gcfg.FatalOnly(gcfg.ReadFileInto(&cfg, os.Args[1]))
	out := json.NewEncoder(os.Stdout)
	if err != nil {
		out.Encode(map[string]string{"error": err.Error()})
		os.Exit(1)
	}
	if cfg.Python.Executable == nil {
		cfg.Python.Executable = []string{}
	}
	out.Encode(map[string]interface{}{
		"enabled":          cfg.Python.Enabled,
		"executables":      cfg.Python.Executable,
		"version_matching": cfg.Python.VersionMatching,
	})
}
