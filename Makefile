# Convenience targets; each calls the script that README and CI use.
.PHONY: demo test bench release clean

demo:
	scripts/demo

test:
	scripts/test

bench:
	benchmarks/code-throughput.sh

release:
	scripts/install-deps
	swift build -c release --static-swift-stdlib --product otter

clean:
	rm -rf .build
