"""Throughput, cold-start and memory benchmarks (`python -m benchmarks.run`); see README.md here."""
