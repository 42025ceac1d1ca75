package io.labcheck.cloud;

/** What stands behind an instance of the embedded cloud. */
public enum HostKind {
    /** Nothing: instances exist only in the API. */
    NONE,
    /** A container from the host image per instance, reachable over SSH through its public address. */
    CONTAINER
}
