"""Work on every core the build may use: forked background jobs and shared loops."""
