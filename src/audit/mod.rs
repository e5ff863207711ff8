//! Terms auditor: readers, segmentation, audience detection and the rule engine.
