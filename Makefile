# Convenience targets; each calls the script that README and CI use.
PREFIX ?= /usr/local
.PHONY: demo test bench release install docs clean

demo:
	scripts/demo

test:
	scripts/test

bench:
	benchmarks/code-throughput.sh
	benchmarks/list-cold.sh
	swift build -c release --product otter-bench && .build/release/otter-bench

# An optimized binary with the Swift runtime linked in: it needs only libcrypto, ncursesw,
# libqrencode, libzbar, libpng and libjpeg from the system.
release:
	scripts/install-deps
	swift build -c release --static-swift-stdlib --product otter

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 .build/release/otter "$(DESTDIR)$(PREFIX)/bin/otter"
	install -m 0644 share/man/man1/otter.1 "$(DESTDIR)$(PREFIX)/share/man/man1/otter.1"
	install -m 0644 share/completions/otter.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/otter"
	install -m 0644 share/completions/otter.zsh "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_otter"
	install -m 0644 share/completions/otter.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/otter.fish"

docs:
	scripts/generate-docs

clean:
	rm -rf .build
