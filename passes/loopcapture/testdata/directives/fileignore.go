//latebind:file-ignore loopcapture this file is a fixture of deliberate bugs

package directives

func fileIgnored(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() { use(u) }()
	}
}
