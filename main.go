package main

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"parley/backend/appdir"
	"parley/backend/applog"
	"parley/backend/integrity"
)

// The frontend build writes frontend/dist; a tracked placeholder keeps the
// embed valid (and `go test ./...` green) before the first build.
//
//go:embed all:frontend/dist
var assets embed.FS

// version is stamped at build time with
// -ldflags "-X main.version=$(git describe --tags --always --dirty)";
// a plain `go build` says "dev".
var version = "dev"

// releasesURL is where the opt-in update check reads the newest release (a
// GitHub "releases/latest" API address), stamped by the Makefile and the
// release workflow with -X main.releasesURL=…; empty, the check says it is
// not available in this build. PARLEY_RELEASES_URL overrides it (tests).
var releasesURL = ""

func main() {
	// The integrity checker and the salvage: this binary re-run on the data
	// file, out of the app's process (see backend/integrity). Before
	// anything else: no window.
	if len(os.Args) == 3 && os.Args[1] == integrity.Flag {
		os.Exit(integrity.Main(os.Args[2], os.Stdout))
	}
	if len(os.Args) == 4 && os.Args[1] == integrity.SalvageFlag {
		os.Exit(integrity.SalvageMain(os.Args[2], os.Args[3], os.Stdout))
	}
	flags := parseFlags(os.Args[1:])
	if flags.version {
		// Before wails.Run, so it works on a machine without a display.
		printVersion(os.Stdout)
		return
	}
	dbPath, err := appdir.Default(flags.dataDir)
	if err != nil {
		log.Fatalf("parley: cannot find a data folder: %v", err)
	}
	app := NewApp(dbPath)
	// One instance per data file: tests with their own folders don't collide.
	instanceID := "parley-" + shortHash(dbPath)
	if handOver(instanceID) {
		return // the running window was brought forward
	}

	if runtime.GOOS == "linux" {
		if err := setWebViewEnv(os.LookupEnv, os.Setenv); err != nil {
			log.Printf("parley: web view settings: %v", err) // it runs as WebKit's defaults
		}
	}

	err = wails.Run(&options.App{
		Title:     "Parley",
		Width:     1120,
		Height:    760,
		MinWidth:  800,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: assets,
		},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 255},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		Bind:             []interface{}{app},
		ErrorFormatter:   formatError,
		// Wails logs failed calls with their arguments; keep those out of the log.
		Logger: applog.New(logger.NewDefaultLogger()),
		// Dropping a file must not navigate the web view away from the app.
		DragAndDrop: &options.DragAndDrop{DisableWebViewDrop: true},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID,
			OnSecondInstanceLaunch: app.secondInstance,
		},
		// Never the GPU, as Wails does when given no Linux options: a page of text gains nothing
		// from GL compositing, which costs memory and leaves the window blank on some drivers.
		Linux: &linux.Options{ProgramName: "Parley", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		// A failed start must fail the process, or scripts and CI read success.
		log.Fatalf("parley: %v", err)
	}
}

// cliFlags are Parley's own command-line flags.
type cliFlags struct {
	dataDir string
	version bool
}

// parseFlags reads Parley's own flags and ignores Wails' dev-mode flags
// (-devserver, -assetdir, …), which the Wails runtime parses itself.
func parseFlags(args []string) cliFlags {
	var f cliFlags
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.dataDir, "data-dir", "", "folder holding parley.db (default: the OS per-user config folder; env "+appdir.EnvDataDir+")")
	fs.BoolVar(&f.version, "version", false, "print the version and exit")
	for _, ignored := range []string{"devserver", "assetdir", "frontenddevserverurl", "loglevel", "appargs"} {
		fs.String(ignored, "", "")
	}
	_ = fs.Parse(args)
	return f
}

// printVersion writes the line `parley --version` prints.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "Parley %s\n", version)
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
