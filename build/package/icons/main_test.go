package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestEveryHicolorSizeIsWrittenAtItsSize(t *testing.T) {
	out := t.TempDir()
	if err := write("../../appicon.png", "app.Test", out); err != nil {
		t.Fatal(err)
	}
	for _, n := range Sizes {
		path := filepath.Join(out, "hicolor", fmt.Sprintf("%dx%d", n, n), "apps", "app.Test.png")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != n || cfg.Height != n {
			t.Fatalf("%s: %dx%d, %v; want %dx%d", path, cfg.Width, cfg.Height, err, n, n)
		}
	}
}

func TestASmallOrNonSquareSourceIsRefused(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "small.png")
	if err := writePNG(src, image48()); err != nil {
		t.Fatal(err)
	}
	if err := write(src, "app.Test", dir); err == nil {
		t.Fatal("a 48 px source made blurry 512 px icons without complaint")
	}
}

func image48() *image.NRGBA { return image.NewNRGBA(image.Rect(0, 0, 48, 48)) }
