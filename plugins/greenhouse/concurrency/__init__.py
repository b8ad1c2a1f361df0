"""Background jobs: files the build never reads, written on another core."""
