// Command empty is the smallest Wails 2.11 app: one window showing one static
// page, nothing bound. The app benchmark (build/scripts/bench-app.sh) starts it
// beside Parley to express Parley's start-up time and memory as ratios of what
// Wails and the web view cost by themselves on this machine.
package main

import (
	"embed"
	"log"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
)

//go:embed all:frontend
var assets embed.FS

func main() {
	err := wails.Run(&options.App{
		Title:       "Empty",
		Width:       1120,
		Height:      760,
		AssetServer: &assetserver.Options{Assets: assets},
	})
	if err != nil {
		log.Fatal(err)
	}
}
