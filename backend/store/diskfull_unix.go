//go:build !windows

package store

import "syscall"

var diskFullErrors = []error{syscall.ENOSPC, syscall.EDQUOT}
