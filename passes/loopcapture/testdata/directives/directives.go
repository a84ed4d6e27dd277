// Package directives checks latebind's suppression comments.
package directives

func use(...any) {}

func suppressed(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() { use(u) }() //latebind:ignore loopcapture the goroutine only logs
		//latebind:ignore loopcapture the next line only logs
		go func() { use(u) }()
		go func() { use(u) }() //nolint:latebind
		go func() { use(u) }() //nolint:loopcapture // golangci-lint's form
		go func() { use(u) }() //nolint
		go func() { use(u) }() //latebind:ignore txenqueue,loopcapture both named
		go func() { use(u) }() //nolint:errcheck // want `u is shared`
		go func() { use(u) }() //latebind:ignore txcapture // want `u is shared`
	}
}

func malformed(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() { use(u) }() //latebind:ignore loopcapture // want `u is shared` `latebind directive for loopcapture needs a reason`
	}
	//latebind:ignore loopcapture nothing to suppress here // want `unused latebind directive: loopcapture reports nothing here`
}
