//go:build !dev

package main

func dialogsFor(a *App) fileDialogs { return osDialogs{a} }
