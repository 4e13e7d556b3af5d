// Command icons writes Parley's icon in the freedesktop hicolor sizes, so the
// Linux packages carry sharp icons generated from the one source image
// (build/appicon.png) instead of a second, drifting copy in git.
//
//	go run ./build/package/icons -src build/appicon.png -name APP_ID -out DIR
//
// writes DIR/hicolor/NxN/apps/APP_ID.png for every size.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// Sizes are the hicolor sizes desktops look up for menus, docks and search.
var Sizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

func main() {
	src := flag.String("src", "build/appicon.png", "square source PNG, at least 512 px")
	name := flag.String("name", "", "icon name (the application id)")
	out := flag.String("out", "", "folder to write hicolor/ into")
	flag.Parse()
	if *name == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: icons -src PNG -name APP_ID -out DIR")
		os.Exit(2)
	}
	if err := write(*src, *name, *out); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func write(srcPath, name, out string) error {
	f, err := os.Open(srcPath)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", srcPath, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx() < Sizes[len(Sizes)-1] {
		return fmt.Errorf("%s is %dx%d; need a square of at least %d px", srcPath, b.Dx(), b.Dy(), Sizes[len(Sizes)-1])
	}
	for _, n := range Sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, n, n))
		// CatmullRom keeps edges crisp at 16-48 px where bilinear blurs.
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		dir := filepath.Join(out, "hicolor", fmt.Sprintf("%dx%d", n, n), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := writePNG(filepath.Join(dir, name+".png"), dst); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
