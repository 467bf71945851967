package io.vigil.indices;

/** The container's index maintenance, as configured, for the shell commands. */
public interface Indices {

    IndexMaintenance maintenance();
}
