"""Compute and verify file checksums, like a tiny ``sha256sum``.

Usage:
	checksum_tool.py [--algorithm NAME] FILE...
	checksum_tool.py --check MANIFEST
"""
import argparse
import hashlib
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHUNK_SIZE = 64 * 1024


def file_digest(path, algorithm="sha256", chunk_size=CHUNK_SIZE):
	digest = hashlib.new(algorithm)
	with open(path, "rb") as handle:
		while chunk := handle.read(chunk_size):
			digest.update(chunk)
	return digest.hexdigest()


def write_manifest(paths, manifest, algorithm="sha256", *, workers=4):
	"""Hash *paths* in parallel and write a ``sha256sum``-style manifest."""
	with open(manifest, "w", encoding="utf-8") as out, ThreadPoolExecutor(workers) as pool:
		digests = pool.map(lambda p: file_digest(p, algorithm), paths)
		for path, digest in zip(paths, digests):
			out.write(f"{digest}  {path}\n")


def verify_manifest(manifest, algorithm="sha256"):
	"""Yield ``(path, ok)`` for every entry in *manifest*."""
	with open(manifest, encoding="utf-8") as lines:
		for line in lines:
			if not line.strip() or line.startswith("#"):
				continue
			expected, _, path = line.rstrip("\n").partition("  ")
			try:
				actual = file_digest(path, algorithm)
			except OSError:
				yield path, False
			else:
				yield path, actual == expected


def main(argv=None):
	parser = argparse.ArgumentParser(description="compute or verify checksums")
	parser.add_argument("files", nargs="*")
	parser.add_argument("-a", "--algorithm", default="sha256", choices=sorted(hashlib.algorithms_guaranteed))
	parser.add_argument("-c", "--check", metavar="MANIFEST")
	args = parser.parse_args(argv)

	if args.check:
		failures = 0
		for path, ok in verify_manifest(args.check, args.algorithm):
			print(f"{path}: {'OK' if ok else 'FAILED'}")
			failures += not ok
		return 1 if failures else 0

	for path in args.files:
		print(f"{file_digest(path, args.algorithm)}  {path}")
	return 0


if __name__ == "__main__":
	if len(sys.argv) > 1:
		sys.exit(main())
	# Demo: checksum two temporary files, then tamper with one.
	with tempfile.TemporaryDirectory() as tmp:
		first, second = Path(tmp, "a.txt"), Path(tmp, "b.txt")
		first.write_text("hello\n")
		second.write_text("world\n")
		manifest = Path(tmp, "SHA256SUMS")
		write_manifest([first, second], manifest)
		second.write_text("w0rld\n")
		main(["--check", str(manifest)])
