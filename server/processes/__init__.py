"""The child processes the server keeps: query executors in a pool, the one writer, and how
they begin, wall themselves in and end with their parent."""
