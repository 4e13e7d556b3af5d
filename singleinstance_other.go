//go:build !linux

package main

// handOver is Linux-only: elsewhere Wails' single-instance lock hands over
// and exits by itself.
func handOver(string) bool { return false }
