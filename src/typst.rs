//! The only module that spawns a process: the pinned typst CLI.
