# Convenience targets; each calls the script that README and CI use.
PREFIX ?= /usr/local
.PHONY: demo test bench release install deb docs clean

demo:
	scripts/demo

test:
	scripts/test

bench:
	benchmarks/code-throughput.sh
	benchmarks/list-cold.sh
	benchmarks/startup.sh
	swift build -c release --product otter-bench && .build/release/otter-bench

# Optimized binaries with the Swift runtime linked in, stripped: otter needs only libcrypto,
# ncursesw and libqrencode from the system; the image helper otter-qr-scan (run by
# `otter import IMAGE`) also libzbar, libpng and libjpeg.
release:
	scripts/install-deps
	swift build -c release --static-swift-stdlib --product otter
	swift build -c release --static-swift-stdlib --product otter-qr-scan
	strip --strip-all .build/release/otter .build/release/otter-qr-scan

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -d "$(DESTDIR)$(PREFIX)/libexec/otter"
	install -m 0755 .build/release/otter "$(DESTDIR)$(PREFIX)/bin/otter"
	install -m 0755 .build/release/otter-qr-scan "$(DESTDIR)$(PREFIX)/libexec/otter/otter-qr-scan"
	install -m 0644 share/man/man1/otter.1 "$(DESTDIR)$(PREFIX)/share/man/man1/otter.1"
	install -m 0644 share/completions/otter.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/otter"
	install -m 0644 share/completions/otter.zsh "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_otter"
	install -m 0644 share/completions/otter.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/otter.fish"

# otter_VERSION_ARCH.deb: the release binaries, man page, completions and docs; lintian-clean.
deb:
	scripts/build-deb

docs:
	scripts/generate-docs

clean:
	rm -rf .build
