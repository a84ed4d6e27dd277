// Package crosspkg uses the registrars of package hooks: their Keeps facts
// cross the package boundary.
package crosspkg

import "example.com/lc/hooks"

func use(...any) {}

func register(s *hooks.Store, c hooks.Committer, names []string) {
	var cur string
	for _, n := range names {
		cur = n
		s.AfterCommit(func() { use(cur) })        // want `cur is shared .*the AfterCommit hook reads it after the loop has moved on`
		hooks.Register(s, n, func() { use(cur) }) // want `the callback kept by hooks.Register`
		hooks.Background(func() { use(cur) })     // want `the callback kept by hooks.Background`
		hooks.Later(func() { use(cur) })          // want `the callback kept by hooks.Later`
		c.OnCommit(func() { use(cur) })           // want `the OnCommit hook`
		hooks.Now(func() { use(cur) })
		hooks.Each([]int{1}, func(int) { use(cur) })
	}
}
