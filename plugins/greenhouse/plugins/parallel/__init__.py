"""``greenhouse/parallel``: pages rendered by forked helper processes as well as by the build."""
