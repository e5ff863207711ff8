//! Finds and loads `clausier.yaml` and the client files of a workspace.
