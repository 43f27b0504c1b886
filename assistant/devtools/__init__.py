"""Developer tools shipped with the package: a fake OpenAI-compatible server for tests and benchmarks."""
